package dev.cloakroom.jdbc.pool;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cloakroom.ImproperlyConfiguredException;
import dev.cloakroom.jdbc.DbSettings;
import dev.cloakroom.jdbc.dialect.Dialect;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The HikariCP pool behind the db engine. A request waits at most the connect timeout for a connection, and
 * once one has failed to reach the database, the others fail at once (see {@link OutageBreaker}) while one
 * every {@link #PROBE_INTERVAL} tries again; the pool starts even while the database is down and replaces
 * broken connections by itself once it is back.
 */
public final class PooledDataSources {
    /** Hikari's smallest allowed connection timeout. */
    private static final long MIN_TIMEOUT_MILLIS = 250;
    /** During an outage, how long requests fail at once before one tries the database again. */
    public static final Duration PROBE_INTERVAL = Duration.ofMillis(250);

    private PooledDataSources() {
    }

    /**
     * A started pool; the caller closes it.
     *
     * @throws ImproperlyConfiguredException naming DATABASE_URL and the driver to add when no driver on the
     *         classpath accepts the URL (the PostgreSQL and MariaDB drivers are the application's to add)
     */
    public static EnginePool create(DbSettings settings, Dialect dialect) {
        return create(settings, dialect, System::nanoTime);
    }

    /** {@link #create(DbSettings, Dialect)} with the ticker the outage breaker reads. */
    public static EnginePool create(DbSettings settings, Dialect dialect, LongSupplier nanoTime) {
        String jdbcUrl = driverUrl(settings.url());
        requireDriver(jdbcUrl, dialect, PooledDataSources::hasDriverFor);
        // Before any connection opens it: SQLite would create it with the umask's mode (0644), and the pool's
        // connections are opened so that they never create it (see SqliteFile).
        SqliteFile sqliteFile = SqliteFile.pathOf(settings.url()).map(SqliteFile::createIfMissing).orElse(null);
        HikariConfig config = new HikariConfig();
        config.setPoolName("cloakroom-db");
        config.setJdbcUrl(jdbcUrl);
        if (settings.user() != null) {
            config.setUsername(settings.user());
        }
        if (settings.password() != null) {
            config.setPassword(settings.password());
        }
        long timeout = Math.max(MIN_TIMEOUT_MILLIS, settings.connectTimeout().toMillis());
        config.setConnectionTimeout(timeout);
        config.setValidationTimeout(Math.max(MIN_TIMEOUT_MILLIS, timeout / 2));
        config.setInitializationFailTimeout(-1);
        config.setMaximumPoolSize(settings.poolSize());
        // A fixed pool, as HikariCP recommends: with idle connections closed down to a few, a burst of requests
        // waits for new ones to open, and requests beyond the open connections spin in its hand-off.
        config.setMinimumIdle(settings.poolSize());
        String url = settings.url().toLowerCase(Locale.ROOT);
        dialect.driverProperties(settings.connectTimeout(), settings.waitTimeout()).forEach((name, value) -> {
            // an option spelled out in the URL is the user's choice and wins
            if (!url.contains(name.toLowerCase(Locale.ROOT) + "=")) {
                config.addDataSourceProperty(name, value);
            }
        });
        return new EnginePool(config, DbSettings.printableUrl(settings.url()), PROBE_INTERVAL, nanoTime, sqliteFile);
    }

    /**
     * The URL to hand the driver. A {@code jdbc:mysql:} URL with only MariaDB Connector/J on the classpath
     * gets the option that driver requires before it accepts MySQL's scheme.
     */
    static String driverUrl(String url) {
        if (!url.toLowerCase(Locale.ROOT).startsWith("jdbc:mysql:") || hasDriverFor(url)) {
            return url;
        }
        return url + (url.contains("?") ? "&" : "?") + "permitMysqlScheme";
    }

    /** Fails fast, at start-up, when {@code hasDriver} knows no driver for {@code jdbcUrl}. */
    static void requireDriver(String jdbcUrl, Dialect dialect, Predicate<String> hasDriver) {
        if (!hasDriver.test(jdbcUrl)) {
            throw new ImproperlyConfiguredException("DATABASE_URL", "no JDBC driver for " + dialect.name()
                    + " is on the classpath; add the dependency " + dialect.driverArtifact());
        }
    }

    private static boolean hasDriverFor(String url) {
        try {
            DriverManager.getDriver(url);
            return true;
        } catch (SQLException noDriver) {
            return false;
        }
    }
}
