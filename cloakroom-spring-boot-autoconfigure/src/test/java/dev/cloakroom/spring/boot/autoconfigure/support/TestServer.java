package dev.cloakroom.spring.boot.autoconfigure.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The local servers the tests use: PostgreSQL (user postgres, database test), Redis (database 11) and Memcached
 * (keys under a prefix of the test's own).
 */
public enum TestServer {
    POSTGRES("PostgreSQL at 127.0.0.1:5432"),
    REDIS("Redis at 127.0.0.1:6379"),
    MEMCACHED("Memcached at 127.0.0.1:11211");

    public static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String POSTGRES_USER = "postgres";
    public static final String REDIS_HOST = "127.0.0.1";
    public static final int REDIS_PORT = 6379;
    /** The Redis database the other modules' tests use too; tests write only keys of their own. */
    public static final int REDIS_DATABASE = 11;
    public static final String MEMCACHED_LOCATION = "127.0.0.1:11211";

    private final String displayName;

    TestServer(String displayName) {
        this.displayName = displayName;
    }

    /** A plain connection to the PostgreSQL test database, bounded to a couple of seconds. */
    public static Connection postgres() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", POSTGRES_USER);
        properties.setProperty("password", "");
        properties.setProperty("connectTimeout", "2");
        properties.setProperty("loginTimeout", "2");
        return DriverManager.getConnection(POSTGRES_URL, properties);
    }

    /** An empty string when the server answers, else why not. */
    String probe() {
        if (this == POSTGRES) {
            try (Connection connection = postgres()) {
                return connection.isValid(2) ? "" : displayName + " did not answer a validity check within 2 s";
            } catch (SQLException e) {
                return displayName + " is not reachable as " + POSTGRES_USER + ": " + e.getMessage();
            }
        }
        String reason = this == MEMCACHED ? dev.cloakroom.testkit.MemcachedPing.probe("127.0.0.1", 11211)
                : dev.cloakroom.testkit.RedisPing.probe(REDIS_HOST, REDIS_PORT);
        return reason.isEmpty() ? "" : displayName + ": " + reason;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
