package dev.cloakroom.jdbc;

import dev.cloakroom.jdbc.dialect.Dialect;
import dev.cloakroom.jdbc.dialect.Dialects;
import dev.cloakroom.ImproperlyConfiguredException;
import dev.cloakroom.settings.SessionSettings;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The db engine's own settings, read from {@link SessionSettings#raw(String)} like every other setting
 * (environment, system property or properties file).
 *
 * @param url            DATABASE_URL: a JDBC URL; default {@code jdbc:sqlite:cloakroom.sqlite3} in the working
 *                       directory, so the engine works with no server
 * @param user           DATABASE_USER, or null
 * @param password       DATABASE_PASSWORD, or null
 * @param table          DATABASE_TABLE, default {@code django_session}
 * @param connectTimeout DATABASE_CONNECT_TIMEOUT in seconds, default 5: how long a request waits for a
 *                       connection before failing with {@link DatabaseUnavailableException}
 * @param poolSize       DATABASE_POOL_SIZE, default 10: the most connections the pool opens
 * @param waitTimeout    how long one statement may wait on the server (socket timeout) or, on SQLite, on
 *                       another writer (busy timeout); 30 seconds
 */
public record DbSettings(String url, String user, String password, TableName table, Duration connectTimeout,
        int poolSize, Duration waitTimeout) {
    public static final String URL = "DATABASE_URL";
    public static final String USER = "DATABASE_USER";
    public static final String PASSWORD = "DATABASE_PASSWORD";
    public static final String TABLE = "DATABASE_TABLE";
    public static final String CONNECT_TIMEOUT = "DATABASE_CONNECT_TIMEOUT";
    public static final String POOL_SIZE = "DATABASE_POOL_SIZE";

    public static final String DEFAULT_URL = "jdbc:sqlite:cloakroom.sqlite3";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_POOL_SIZE = 10;
    public static final Duration DEFAULT_WAIT_TIMEOUT = Duration.ofSeconds(30);

    public DbSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(waitTimeout, "waitTimeout");
    }

    /**
     * @throws ImproperlyConfiguredException naming the setting that is unusable
     */
    public static DbSettings from(SessionSettings settings) {
        String url = settings.raw(URL).filter(v -> !v.isBlank()).orElse(DEFAULT_URL).trim();
        if (Dialects.forUrl(url).isEmpty()) {
            throw new ImproperlyConfiguredException(URL, "'" + printableUrl(url) + "' is not a supported JDBC URL; use "
                    + "jdbc:sqlite:<file>, jdbc:postgresql://host/db, jdbc:mariadb://host/db or jdbc:mysql://host/db");
        }
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.equals("jdbc:sqlite:") || lower.startsWith("jdbc:sqlite::memory:")) {
            throw new ImproperlyConfiguredException(URL, "an in-memory SQLite database is private to one connection, "
                    + "so pooled connections would not share sessions; name a file, e.g. " + DEFAULT_URL);
        }
        TableName table = table(settings);
        long timeoutSeconds = positive(settings, CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT.toSeconds());
        int poolSize = (int) Math.min(Integer.MAX_VALUE, positive(settings, POOL_SIZE, DEFAULT_POOL_SIZE));
        return new DbSettings(url, settings.raw(USER).orElse(null), settings.raw(PASSWORD).orElse(null), table,
                Duration.ofSeconds(timeoutSeconds), poolSize, DEFAULT_WAIT_TIMEOUT);
    }

    /**
     * DATABASE_TABLE, default {@code django_session}.
     *
     * @throws ImproperlyConfiguredException when it is not a plain SQL identifier
     */
    public static TableName table(SessionSettings settings) {
        try {
            return TableName.of(settings.raw(TABLE).filter(v -> !v.isBlank()).orElse(TableName.DJANGO_DEFAULT).trim());
        } catch (IllegalArgumentException e) {
            throw new ImproperlyConfiguredException(TABLE, e.getMessage());
        }
    }

    /** The dialect DATABASE_URL names. */
    public Dialect dialect() {
        return Dialects.forUrl(url).orElseThrow(() -> new ImproperlyConfiguredException(URL,
                "'" + printableUrl(url) + "' is not a supported JDBC URL"));
    }

    private static long positive(SessionSettings settings, String name, long fallback) {
        String text = settings.raw(name).map(String::trim).orElse("");
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ImproperlyConfiguredException(name, "must be a positive whole number, not '" + text + "'");
    }

    /**
     * {@code url} as messages and logs may show it: without its query part, and with the user information of its
     * authority ({@code //user:password@host}, which MySQL Connector/J accepts) masked, since both may carry
     * credentials.
     */
    public static String printableUrl(String url) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        int authority = base.indexOf("//");
        // the last '@' ends the user information even when a password holds '/' or '@'
        int at = base.lastIndexOf('@');
        if (authority < 0 || at < authority + 2) {
            return base;
        }
        return base.substring(0, authority + 2) + "***@" + base.substring(at + 1);
    }

    @Override
    public String toString() {
        return "DbSettings[url=" + printableUrl(url) + ", user=" + user + ", password=" + (password == null ? "none" : "***")
                + ", table=" + table + ", connectTimeout=" + connectTimeout + ", poolSize=" + poolSize
                + ", waitTimeout=" + waitTimeout + "]";
    }
}
