package dev.cloakroom.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cloakroom.engine.EngineContext;
import dev.cloakroom.engine.SessionEngineProvider;
import dev.cloakroom.engine.SessionEngines;
import dev.cloakroom.jdbc.dialect.Dialect;
import dev.cloakroom.jdbc.pool.PooledDataSources;
import dev.cloakroom.session.SessionBackend;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.store.StoredSessionBackend;

import java.util.Set;

/**
 * SESSION_ENGINE {@code db}, Django's default: sessions in the {@code django_session} table of the database
 * DATABASE_URL names (an SQLite file unless configured), through a HikariCP pool the engine closes.
 * The table must exist - {@code bin/cloakroom migrate} creates it - and is checked at start-up.
 */
public final class DbEngineProvider implements SessionEngineProvider {
    public static final String ENGINE = "db";

    @Override
    public Set<String> engineNames() {
        return Set.of(ENGINE);
    }

    @Override
    public SessionBackend create(String engineName, EngineContext context) {
        SessionSettings settings = context.settings();
        DbSettings db = DbSettings.from(settings);
        Dialect dialect = db.dialect();
        HikariDataSource pool = PooledDataSources.create(db, dialect);
        context.onClose(pool);
        SessionTableCheck.requireTable(pool, dialect, db.table(), DbSettings.withoutQuery(db.url()));
        DbSessionStore store = new DbSessionStore(pool, dialect, db.table(), settings.useTz(), settings.timeZone(),
                context.clock());
        StoredSessionBackend backend = SessionEngines.stored(ENGINE, store, context);
        context.clearExpiredWith(store::clearExpired);
        return backend;
    }
}
