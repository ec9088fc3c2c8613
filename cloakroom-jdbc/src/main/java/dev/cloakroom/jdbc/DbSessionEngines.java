package dev.cloakroom.jdbc;

import dev.cloakroom.ImproperlyConfiguredException;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;

import java.time.Clock;
import javax.sql.DataSource;

/**
 * The db engine (or cached_db, when SESSION_ENGINE names it) over a DataSource the application already has
 * (its own pool, a container's JNDI source), instead of the pool DATABASE_URL would build. The application
 * keeps owning the DataSource: closing the engine does not close it, and its settings are the application's -
 * for SQLite, WAL mode and a busy timeout (as the engine's own pool sets them) keep concurrent writers from
 * failing with "database is locked".
 */
public final class DbSessionEngines {
    private DbSessionEngines() {
    }

    /**
     * A shorthand for
     * {@code SessionEngines.builder(settings).clock(clock).provider(new DbEngineProvider(dataSource)).build()};
     * use the builder itself to hand cached_db a cache the application holds.
     *
     * @param settings the session settings; DATABASE_TABLE, USE_TZ and TIME_ZONE apply, DATABASE_URL is ignored
     * @throws ImproperlyConfiguredException when the table is missing (run {@code bin/cloakroom migrate})
     */
    public static SessionEngine withDataSource(SessionSettings settings, Clock clock, DataSource dataSource) {
        return SessionEngines.builder(settings).clock(clock).provider(new DbEngineProvider(dataSource)).build();
    }
}
