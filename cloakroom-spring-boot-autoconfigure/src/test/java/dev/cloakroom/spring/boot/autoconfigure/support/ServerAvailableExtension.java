package dev.cloakroom.spring.boot.autoconfigure.support;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.util.Optional;

/**
 * Runs a {@link RequiresServer} class only when its server answers: skipped with the reason on a developer
 * machine, a failure under {@code CI=true} so that CI cannot go green by skipping. Each server is probed once.
 */
public final class ServerAvailableExtension implements ExecutionCondition {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(ServerAvailableExtension.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<RequiresServer> requires = context.getTestClass()
                .flatMap(type -> AnnotationSupport.findAnnotation(type, RequiresServer.class));
        if (requires.isEmpty()) {
            return ConditionEvaluationResult.enabled("no server required");
        }
        TestServer server = requires.get().value();
        String unreachable = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(server, TestServer::probe, String.class);
        if (unreachable.isEmpty()) {
            return ConditionEvaluationResult.enabled(server + " answers");
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(unreachable + " (CI=true: an unreachable test server is a failure)");
        }
        return ConditionEvaluationResult.disabled(unreachable);
    }
}
