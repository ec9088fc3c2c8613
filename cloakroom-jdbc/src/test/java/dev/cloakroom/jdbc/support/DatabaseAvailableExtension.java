package dev.cloakroom.jdbc.support;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Checks, before a class's tests, that the server its {@link RequiresDatabase} names answers. Unreachable
 * means skipped with the reason on a developer machine, and a failure when {@code CI=true}: CI must not go
 * green by skipping everything.
 */
public final class DatabaseAvailableExtension implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        TestDatabase database = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), RequiresDatabase.class)
                .orElseThrow(() -> new IllegalStateException("@RequiresDatabase missing")).value();
        if (database.serverUrl() == null) {
            return;
        }
        try (Connection connection = database.connectToServer()) {
            connection.isValid(2);
        } catch (SQLException e) {
            String reason = database.displayName() + " is not reachable at " + database.serverUrl() + " as "
                    + database.user() + ": " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(reason + " (CI=true: an unreachable test server is a failure)", e);
            }
            Assumptions.abort(reason);
        }
    }
}
