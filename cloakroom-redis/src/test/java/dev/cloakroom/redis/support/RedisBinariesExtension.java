package dev.cloakroom.redis.support;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs a {@link RequiresRedisBinaries} class only when both programs are on the PATH; see there. */
public final class RedisBinariesExtension implements ExecutionCondition {
    static final List<String> PROGRAMS = List.of("redis-server", "redis-sentinel");

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        List<String> missing = new ArrayList<>();
        for (String program : PROGRAMS) {
            if (!onPath(program)) {
                missing.add(program);
            }
        }
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("redis-server and redis-sentinel are installed");
        }
        String reason = "not on the PATH: " + String.join(", ", missing)
                + " (Debian: apt-get install -y redis-server redis-sentinel)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(reason + " (CI=true: a missing test server is a failure)");
        }
        return ConditionEvaluationResult.disabled(reason);
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, program))) {
                return true;
            }
        }
        return false;
    }
}
