package dev.cloakroom.jdbc.support;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Runs a class only when the server its {@link RequiresDatabase} names answers. Unreachable means the class
 * is skipped with the reason on a developer machine (reported as skipped, reason included), and a failure
 * when {@code CI=true}: CI must not go green by skipping everything. Each server is probed once per run.
 */
public final class DatabaseAvailableExtension implements ExecutionCondition {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(DatabaseAvailableExtension.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<RequiresDatabase> requires = context.getTestClass()
                .flatMap(type -> AnnotationSupport.findAnnotation(type, RequiresDatabase.class));
        if (requires.isEmpty()) {
            return ConditionEvaluationResult.enabled("no database required");
        }
        TestDatabase database = requires.get().value();
        String unreachable = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(database, DatabaseAvailableExtension::probe, String.class);
        if (unreachable.isEmpty()) {
            return ConditionEvaluationResult.enabled(database.displayName() + " is reachable");
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(unreachable + " (CI=true: an unreachable test server is a failure)");
        }
        return ConditionEvaluationResult.disabled(unreachable);
    }

    /** An empty string when the server answers, else why not. */
    private static String probe(TestDatabase database) {
        if (database.serverUrl() == null) {
            return "";
        }
        try (Connection connection = database.connectToServer()) {
            return connection.isValid(2) ? "" : database.displayName() + " at " + database.serverUrl()
                    + " did not answer a validity check within 2 s";
        } catch (SQLException e) {
            return database.displayName() + " is not reachable at " + database.serverUrl() + " as " + database.user()
                    + ": " + e.getMessage();
        }
    }
}
