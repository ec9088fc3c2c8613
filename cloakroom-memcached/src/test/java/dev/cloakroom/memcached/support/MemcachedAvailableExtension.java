package dev.cloakroom.memcached.support;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a {@link RequiresMemcached} class only when the shared test Memcached answers. Unreachable means the
 * class is skipped with the reason on a developer machine, and a failure when {@code CI=true}: CI must not go
 * green by skipping everything. The server is probed once per run.
 */
public final class MemcachedAvailableExtension implements ExecutionCondition {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(MemcachedAvailableExtension.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String unreachable = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("probe", ignored -> TestMemcached.probe(), String.class);
        if (unreachable.isEmpty()) {
            return ConditionEvaluationResult.enabled("Memcached at " + TestMemcached.LOCATION + " answers");
        }
        return MemcachedBinary.skipOrFail(unreachable);
    }
}
