package dev.cloakroom.jdbc.support;

import com.zaxxer.hikari.HikariDataSource;
import dev.cloakroom.jdbc.DbSettings;
import dev.cloakroom.jdbc.TableName;
import dev.cloakroom.jdbc.dialect.Dialect;
import dev.cloakroom.jdbc.pool.PooledDataSources;
import dev.cloakroom.settings.SessionSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A private namespace on one test database, so test classes never see each other's tables, even when
 * they use Django's real table name: a fresh SQLite file, a PostgreSQL schema, or a MariaDB database.
 * Closing it drops everything and closes the pools it made.
 */
public final class IsolatedDatabase implements AutoCloseable {
    private final TestDatabase database;
    private final String namespace;
    private final Path sqliteDirectory;
    private final List<HikariDataSource> pools = new ArrayList<>();

    public IsolatedDatabase(TestDatabase database) {
        this.database = database;
        this.namespace = "cr_" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36)
                .toLowerCase(Locale.ROOT);
        try {
            if (database == TestDatabase.SQLITE) {
                sqliteDirectory = Files.createTempDirectory("cloakroom-jdbc-");
            } else {
                sqliteDirectory = null;
                try (Connection c = database.connectToServer(); Statement s = c.createStatement()) {
                    s.execute((database == TestDatabase.POSTGRES ? "CREATE SCHEMA " : "CREATE DATABASE ") + namespace);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create namespace " + namespace + " on " + database, e);
        }
    }

    public TestDatabase database() {
        return database;
    }

    /** The JDBC URL of this namespace. */
    public String url() {
        switch (database) {
            case SQLITE:
                return "jdbc:sqlite:" + sqliteDirectory.resolve("sessions.sqlite3");
            case POSTGRES:
                return database.serverUrl() + "?currentSchema=" + namespace;
            default:
                return database.serverUrl().replace("/test", "/" + namespace);
        }
    }

    /** {@code settings} with DATABASE_URL, DATABASE_USER and DATABASE_PASSWORD pointing at this namespace. */
    public SessionSettings.Builder connect(SessionSettings.Builder settings) {
        return settings.raw("DATABASE_URL", url())
                .raw("DATABASE_USER", database.user() == null ? "" : database.user())
                .raw("DATABASE_PASSWORD", "");
    }

    public DbSettings settings(TableName table, Duration connectTimeout, int poolSize) {
        return new DbSettings(url(), database.user(), database == TestDatabase.SQLITE ? null : "", table,
                connectTimeout, poolSize, DbSettings.DEFAULT_WAIT_TIMEOUT);
    }

    /** A pool as the engine builds it, with a two-second connection timeout; closed with this namespace. */
    public HikariDataSource pool(TableName table) {
        DbSettings settings = settings(table, Duration.ofSeconds(2), 20);
        HikariDataSource pool = PooledDataSources.create(settings, settings.dialect());
        pools.add(pool);
        return pool;
    }

    public Dialect dialect() {
        return new DbSettings(url(), null, null, TableName.djangoDefault(), Duration.ofSeconds(1), 1,
                Duration.ofSeconds(1)).dialect();
    }

    /** A plain driver connection, for looking at the data behind the store's back; the caller closes it. */
    public Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (database != TestDatabase.SQLITE) {
            properties.setProperty("user", database.user());
            properties.setProperty("password", "");
        }
        return DriverManager.getConnection(url(), properties);
    }

    /** Runs statements on a plain connection. */
    public void execute(String... statements) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    @Override
    public void close() throws IOException, SQLException {
        pools.forEach(HikariDataSource::close);
        if (database == TestDatabase.SQLITE) {
            try (Stream<Path> files = Files.walk(sqliteDirectory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
            return;
        }
        try (Connection c = database.connectToServer(); Statement s = c.createStatement()) {
            s.execute(database == TestDatabase.POSTGRES ? "DROP SCHEMA " + namespace + " CASCADE"
                    : "DROP DATABASE " + namespace);
        }
    }
}
