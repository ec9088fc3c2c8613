package dev.cloakroom.jdbc.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** The databases the tests run on: SQLite in a temporary file, and the local PostgreSQL and MariaDB servers. */
public enum TestDatabase {
    SQLITE("SQLite", null, null),
    POSTGRES("PostgreSQL", "jdbc:postgresql://127.0.0.1:5432/test", "postgres"),
    MARIADB("MariaDB", "jdbc:mariadb://127.0.0.1:3306/test", "root");

    private final String displayName;
    private final String serverUrl;
    private final String user;

    TestDatabase(String displayName, String serverUrl, String user) {
        this.displayName = displayName;
        this.serverUrl = serverUrl;
        this.user = user;
    }

    /** The database {@code testClass}'s {@link RequiresDatabase} names; fails when the annotation is missing. */
    public static TestDatabase requiredBy(Class<?> testClass) {
        RequiresDatabase requires = testClass.getAnnotation(RequiresDatabase.class);
        if (requires == null) {
            throw new IllegalStateException(testClass.getName() + " lacks @RequiresDatabase");
        }
        return requires.value();
    }

    public String displayName() {
        return displayName;
    }

    /** The server's {@code test} database (null for SQLite, which needs no server). */
    public String serverUrl() {
        return serverUrl;
    }

    public String user() {
        return user;
    }

    /** A plain driver connection to the server's {@code test} database, bounded to a couple of seconds. */
    public Connection connectToServer() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", "");
        if (this == POSTGRES) {
            properties.setProperty("connectTimeout", "2");
            properties.setProperty("loginTimeout", "2");
        } else {
            properties.setProperty("connectTimeout", "2000");
        }
        return DriverManager.getConnection(serverUrl, properties);
    }
}
