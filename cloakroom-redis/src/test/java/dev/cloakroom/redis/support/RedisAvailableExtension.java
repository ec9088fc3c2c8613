package dev.cloakroom.redis.support;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a {@link RequiresRedis} class only when the test Redis answers PING. Unreachable means the class is
 * skipped with the reason on a developer machine, and a failure when {@code CI=true}: CI must not go green by
 * skipping everything. The server is probed once per run.
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
