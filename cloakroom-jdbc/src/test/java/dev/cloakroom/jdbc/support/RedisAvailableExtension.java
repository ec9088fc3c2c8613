package dev.cloakroom.jdbc.support;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a {@link RequiresRedis} class only when the test Redis answers PING: skipped with the reason on a
 * developer machine, a failure when {@code CI=true}, so that CI cannot go green by skipping. Probed once per run.
 */
public final class RedisAvailableExtension implements ExecutionCondition {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(RedisAvailableExtension.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String unreachable = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("probe", ignored -> TestRedis.probe(), String.class);
        if (unreachable.isEmpty()) {
            return ConditionEvaluationResult.enabled("Redis at " + TestRedis.HOST + ":" + TestRedis.PORT + " answers");
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(unreachable + " (CI=true: an unreachable test server is a failure)");
        }
        return ConditionEvaluationResult.disabled(unreachable);
    }
}
