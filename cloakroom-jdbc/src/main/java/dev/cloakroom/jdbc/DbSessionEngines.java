package dev.cloakroom.jdbc;

import dev.cloakroom.codec.SessionCodec;
import dev.cloakroom.codec.ValueConverter;
import dev.cloakroom.engine.SessionEngine;
import dev.cloakroom.session.ExpiryPolicy;
import dev.cloakroom.session.SessionKeys;
import dev.cloakroom.settings.ImproperlyConfiguredException;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.store.StoredSessionBackend;

import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;

/**
 * The db engine over a DataSource the application already has (its own pool, a container's JNDI source),
 * instead of the pool DATABASE_URL would build. The application keeps owning the DataSource: closing the
 * engine does not close it, and its settings are the application's - for SQLite, WAL mode and a busy
 * timeout (as the engine's own pool sets them) keep concurrent writers from failing with "database is locked".
 */
public final class DbSessionEngines {
    private DbSessionEngines() {
    }

    /**
     * @param settings the session settings; DATABASE_TABLE, USE_TZ and TIME_ZONE apply, DATABASE_URL is ignored
     * @throws ImproperlyConfiguredException when the table is missing (run {@code bin/cloakroom migrate})
     */
    public static SessionEngine withDataSource(SessionSettings settings, Clock clock, DataSource dataSource) {
        TableName table = DbSettings.table(settings);
        DbSessionStore store = DbSessionStore.forDataSource(dataSource, table, settings.useTz(), settings.timeZone(),
                clock);
        SessionTableCheck.requireTable(dataSource, store.dialect(), table, JdbcCalls.describe(dataSource));
        ExpiryPolicy expiry = new ExpiryPolicy(settings.cookieAge(), settings.expireAtBrowserClose(), settings.useTz(),
                settings.timeZone(), clock);
        StoredSessionBackend backend = new StoredSessionBackend(DbEngineProvider.ENGINE, store,
                SessionCodec.fromSettings(settings, SessionCodec.SESSION_STORE_SALT, clock), expiry, new SessionKeys());
        return new SessionEngine(backend, expiry, new ValueConverter(), store::clearExpired, List.of());
    }
}
