package dev.cloakroom.interop;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A database of its own for one test class, on one of the three servers Django and Cloakroom share: a fresh
 * SQLite file, or a new database on the local PostgreSQL or MariaDB, dropped afterwards. Both sides are pointed
 * at it: Django through {@link #django()}, Cloakroom through {@link #cloakroom()}.
 */
final class SharedDatabase implements AutoCloseable {
    enum Kind { SQLITE, POSTGRESQL, MARIADB }

    private static final String POSTGRES_ADMIN = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String MARIADB_ADMIN = "jdbc:mariadb://127.0.0.1:3306/test";

    private final Kind kind;
    private final String name;
    private final Path sqliteFile;

    private SharedDatabase(Kind kind, String name, Path sqliteFile) {
        this.kind = kind;
        this.name = name;
        this.sqliteFile = sqliteFile;
    }

    /** A new, empty database; skips (or, under CI=true, fails) when its server is not running. */
    static SharedDatabase create(Kind kind) {
        String name = "cloakroom_interop_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try {
            switch (kind) {
                case SQLITE -> {
                    Path dir = Files.createTempDirectory("cloakroom-interop");
                    return new SharedDatabase(kind, name, dir.resolve("shared.sqlite3"));
                }
                case POSTGRESQL -> admin(POSTGRES_ADMIN, "postgres", "CREATE DATABASE " + name);
                case MARIADB -> admin(MARIADB_ADMIN, "root", "CREATE DATABASE " + name
                        + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
            }
            return new SharedDatabase(kind, name, null);
        } catch (SQLException e) {
            String why = kind + " at 127.0.0.1 is not usable: " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(why + " (CI=true: an unreachable test server is a failure)", e);
            }
            Assumptions.abort(why);
            throw new IllegalStateException("unreachable");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Kind kind() {
        return kind;
    }

    /** Django's {@code DATABASES["default"]} for this database. */
    Map<String, Object> django() {
        return switch (kind) {
            case SQLITE -> Map.of("ENGINE", "django.db.backends.sqlite3", "NAME", sqliteFile.toString());
            case POSTGRESQL -> Map.of("ENGINE", "django.db.backends.postgresql", "NAME", name, "USER", "postgres",
                    "HOST", "127.0.0.1", "PORT", "5432");
            case MARIADB -> Map.of("ENGINE", "django.db.backends.mysql", "NAME", name, "USER", "root",
                    "HOST", "127.0.0.1", "PORT", "3306");
        };
    }

    /** Cloakroom's DATABASE_* settings for this database. */
    Map<String, String> cloakroom() {
        return switch (kind) {
            case SQLITE -> Map.of("DATABASE_URL", "jdbc:sqlite:" + sqliteFile);
            case POSTGRESQL -> Map.of("DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/" + name,
                    "DATABASE_USER", "postgres");
            case MARIADB -> Map.of("DATABASE_URL", "jdbc:mariadb://127.0.0.1:3306/" + name, "DATABASE_USER", "root");
        };
    }

    /** A plain JDBC connection, to look at what the two sides stored. */
    Connection connect() throws SQLException {
        return switch (kind) {
            case SQLITE -> DriverManager.getConnection("jdbc:sqlite:" + sqliteFile);
            case POSTGRESQL -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + name, "postgres", "");
            case MARIADB -> DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/" + name, "root", "");
        };
    }

    /** The first column of every row {@code sql} gives, as text. */
    List<String> column(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    void execute(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static void admin(String url, String user, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() {
        try {
            switch (kind) {
                case SQLITE -> {
                    Files.deleteIfExists(sqliteFile);
                    Files.deleteIfExists(sqliteFile.resolveSibling("shared.sqlite3-wal"));
                    Files.deleteIfExists(sqliteFile.resolveSibling("shared.sqlite3-shm"));
                    Files.deleteIfExists(sqliteFile.getParent());
                }
                case POSTGRESQL -> admin(POSTGRES_ADMIN, "postgres", "DROP DATABASE IF EXISTS " + name
                        + " WITH (FORCE)");
                case MARIADB -> admin(MARIADB_ADMIN, "root", "DROP DATABASE IF EXISTS " + name);
            }
        } catch (IOException | SQLException e) {
            // a leftover scratch database is harmless; the next run uses a new name
        }
    }

    @Override
    public String toString() {
        return kind + " " + name;
    }
}
