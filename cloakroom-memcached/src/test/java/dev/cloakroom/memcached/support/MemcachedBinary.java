package dev.cloakroom.memcached.support;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the {@code memcached} program that {@link OwnMemcached} runs, and decides what a missing server means:
 * a skip with the reason on a developer machine, a failure under {@code CI=true}.
 */
public final class MemcachedBinary implements ExecutionCondition {

    /** The {@code memcached} executable on the PATH, if there is one. */
    static Optional<Path> find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "memcached");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Disabled with {@code reason} on a developer machine; thrown as a failure when {@code CI=true}. */
    static ConditionEvaluationResult skipOrFail(String reason) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(reason + " (CI=true: a missing test server is a failure)");
        }
        return ConditionEvaluationResult.disabled(reason);
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return find().map(binary -> ConditionEvaluationResult.enabled("memcached is " + binary))
                .orElseGet(() -> skipOrFail("no memcached program on the PATH to start a test server with"
                        + " (Debian: apt-get install memcached)"));
    }
}
