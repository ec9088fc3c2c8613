package dev.cloakroom.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.engine.EngineContext;
import dev.cloakroom.engine.SessionEngineProvider;
import dev.cloakroom.engine.SessionEngines;
import dev.cloakroom.jdbc.dialect.Dialect;
import dev.cloakroom.jdbc.pool.PooledDataSources;
import dev.cloakroom.session.SessionBackend;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.store.cache.CachingSessionStore;

import java.time.Clock;
import java.util.Set;

/**
 * SESSION_ENGINE {@code db}, Django's default: sessions in the {@code django_session} table of the database
 * DATABASE_URL names (an SQLite file unless configured), through a HikariCP pool the engine closes.
 * The table must exist - {@code bin/cloakroom migrate} creates it - and is checked at start-up.
 *
 * <p>SESSION_ENGINE {@code cached_db}: the same table with the cache SESSION_CACHE_ALIAS names in front of
 * it ({@link CachingSessionStore}). The table stays the truth: cache failures are logged, never thrown, and
 * {@code clearsessions} purges the table while cache entries expire by their TTL, as in Django.
 */
public final class DbEngineProvider implements SessionEngineProvider {
    public static final String ENGINE = "db";
    public static final String CACHED_ENGINE = "cached_db";

    @Override
    public Set<String> engineNames() {
        return Set.of(ENGINE, CACHED_ENGINE);
    }

    @Override
    public SessionBackend create(String engineName, EngineContext context) {
        SessionSettings settings = context.settings();
        // An unconfigured SESSION_CACHE_ALIAS fails before a pool is opened (Django fails at construction).
        CacheBackend cache = CACHED_ENGINE.equals(engineName) ? context.cache(settings.cacheAlias()) : null;
        DbSettings db = DbSettings.from(settings);
        Dialect dialect = db.dialect();
        HikariDataSource pool = PooledDataSources.create(db, dialect);
        context.onClose(pool);
        SessionTableCheck.requireTable(pool, dialect, db.table(), DbSettings.withoutQuery(db.url()));
        DbSessionStore store = new DbSessionStore(pool, dialect, db.table(), settings.useTz(), settings.timeZone(),
                context.clock());
        context.clearExpiredWith(store::clearExpired);
        if (cache == null) {
            return SessionEngines.stored(ENGINE, store, context);
        }
        return SessionEngines.stored(CACHED_ENGINE, cachedDb(store, cache, context.clock()), context);
    }

    /** The cached_db store: {@code cache} in front of {@code store}, under cached_db's own cache keys. */
    public static CachingSessionStore cachedDb(DbSessionStore store, CacheBackend cache, Clock clock) {
        return new CachingSessionStore(store, cache, CachingSessionStore.KEY_PREFIX, clock);
    }
}
