package dev.cloakroom.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * The local servers and the browser the tests need. Without one a test class is skipped with the reason on a
 * developer machine, and fails under {@code CI=true}, so that CI cannot go green by skipping (the rule of the
 * other modules' tests).
 */
final class Servers {
    static final String POSTGRES_SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    static final String POSTGRES_USER = "postgres";
    static final String REDIS_HOST = "127.0.0.1";
    static final int REDIS_PORT = 6379;
    /** The Redis database the other modules' tests use; the sessions' random keys keep them apart. */
    static final int REDIS_DATABASE = 11;
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private Servers() {
    }

    static Connection postgres(String database) throws SQLException {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("user", POSTGRES_USER);
        properties.setProperty("password", "");
        properties.setProperty("connectTimeout", "2");
        properties.setProperty("loginTimeout", "2");
        return DriverManager.getConnection(POSTGRES_SERVER + database, properties);
    }

    static void requirePostgres() {
        try (Connection connection = postgres("test")) {
            if (!connection.isValid(2)) {
                unavailable("PostgreSQL at 127.0.0.1:5432 did not answer a validity check");
            }
        } catch (SQLException e) {
            unavailable("PostgreSQL at 127.0.0.1:5432 (user postgres, database test) is not reachable: "
                    + e.getMessage());
        }
    }

    static void requireRedis() {
        String reason = dev.cloakroom.testkit.RedisPing.probe(REDIS_HOST, REDIS_PORT);
        if (!reason.isEmpty()) {
            unavailable(reason);
        }
    }

    static void requireChromium() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            unavailable("headless Chromium needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (apt-get install chromium chromium-driver)");
        }
    }

    private static void unavailable(String reason) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(reason + " (CI=true: a missing server or browser is a failure)");
        }
        abort(reason);
    }
}
