package dev.cloakroom.demo;

import dev.cloakroom.jdbc.schema.SchemaMigrator;
import dev.cloakroom.settings.SessionSettings;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A private django_session table for the hostile-input suites on one database (a fresh SQLite file, a
 * PostgreSQL schema or a MariaDB database), and plain JDBC to write rows behind the store's back. A missing
 * server skips the suite on a laptop and fails it in CI.
 */
final class HostileDatabase implements AutoCloseable {
    enum Kind { SQLITE, POSTGRES, MARIADB }

    private static final String FAR_FUTURE = "2099-01-01 00:00:00";

    final Kind kind;
    private final String namespace = "hi_" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36)
            .toLowerCase(Locale.ROOT);
    private final Path sqliteDirectory;

    HostileDatabase(Kind kind) throws Exception {
        this.kind = kind;
        if (kind == Kind.SQLITE) {
            sqliteDirectory = Files.createTempDirectory("cloakroom-hostile-");
            return;
        }
        sqliteDirectory = null;
        try (Connection c = DriverManager.getConnection(serverUrl(), properties()); Statement s = c.createStatement()) {
            s.execute((kind == Kind.POSTGRES ? "CREATE SCHEMA " : "CREATE DATABASE ") + namespace);
        } catch (SQLException e) {
            String why = kind + " is not reachable: " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(why + " (CI=true: the server must be there)", e);
            }
            Assumptions.abort(why);
        }
    }

    private String serverUrl() {
        return kind == Kind.POSTGRES ? "jdbc:postgresql://127.0.0.1:5432/test" : "jdbc:mariadb://127.0.0.1:3306/test";
    }

    String url() {
        return switch (kind) {
            case SQLITE -> "jdbc:sqlite:" + sqliteDirectory.resolve("sessions.sqlite3");
            case POSTGRES -> serverUrl() + "?currentSchema=" + namespace;
            case MARIADB -> "jdbc:mariadb://127.0.0.1:3306/" + namespace;
        };
    }

    private String user() {
        return kind == Kind.POSTGRES ? "postgres" : "root";
    }

    private Properties properties() {
        Properties properties = new Properties();
        if (kind != Kind.SQLITE) {
            properties.setProperty("user", user());
            properties.setProperty("password", "");
        }
        return properties;
    }

    /** The settings pointing at this table, which is created here as migrate would. */
    SessionSettings.Builder connect(SessionSettings.Builder settings) {
        settings.set("DATABASE_URL", url());
        if (kind != Kind.SQLITE) {
            settings.set("DATABASE_USER", user()).set("DATABASE_PASSWORD", "");
        }
        SchemaMigrator.migrateConfigured(settings.build());
        return settings;
    }

    Connection connection() throws SQLException {
        return DriverManager.getConnection(url(), properties());
    }

    /** A live row holding {@code data}; answers its key. */
    String insert(String data) throws SQLException {
        String key = HostileInputContract.randomKey();
        try (Connection c = connection(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO django_session (session_key, session_data, expire_date) VALUES (?, ?, ?)")) {
            insert.setString(1, key);
            insert.setString(2, data);
            if (kind == Kind.POSTGRES) {
                insert.setObject(3, java.time.OffsetDateTime.parse("2099-01-01T00:00:00Z"));
            } else {
                insert.setString(3, FAR_FUTURE);
            }
            insert.executeUpdate();
        }
        return key;
    }

    /** A row made of raw SQL values (literals), for what only some databases can hold; answers its key. */
    String insertLiterals(String dataSql, String expireSql) throws SQLException {
        String key = HostileInputContract.randomKey();
        try (Connection c = connection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO django_session (session_key, session_data, expire_date) VALUES ('" + key + "', "
                    + dataSql + ", " + expireSql + ")");
        }
        return key;
    }

    void execute(String sql) throws SQLException {
        try (Connection c = connection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    boolean hasRow(String key) throws SQLException {
        try (Connection c = connection(); PreparedStatement select = c.prepareStatement(
                "SELECT COUNT(*) FROM django_session WHERE session_key = ?")) {
            select.setString(1, key);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1) > 0;
            }
        }
    }

    @Override
    public void close() throws Exception {
        if (kind == Kind.SQLITE) {
            try (var files = Files.walk(sqliteDirectory)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            return;
        }
        try (Connection c = DriverManager.getConnection(serverUrl(), properties()); Statement s = c.createStatement()) {
            s.execute(kind == Kind.POSTGRES ? "DROP SCHEMA " + namespace + " CASCADE" : "DROP DATABASE " + namespace);
        }
    }
}
