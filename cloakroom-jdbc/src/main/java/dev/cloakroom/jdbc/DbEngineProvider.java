package dev.cloakroom.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cloakroom.spi.EngineContext;
import dev.cloakroom.spi.EngineParts;
import dev.cloakroom.spi.SessionEngineProvider;
import dev.cloakroom.jdbc.dialect.Dialect;
import dev.cloakroom.jdbc.pool.PooledDataSources;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.store.SessionStore;

import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;

/**
 * SESSION_ENGINE {@code db}, Django's default: sessions in the {@code django_session} table of the database
 * DATABASE_URL names (an SQLite file unless configured), through a HikariCP pool the engine closes.
 * The table must exist - {@code bin/cloakroom migrate} creates it - and is checked at start-up.
 *
 * <p>SESSION_ENGINE {@code cached_db}: the same table with the cache SESSION_CACHE_ALIAS names in front of
 * it. The table stays the truth: cache failures are logged, never thrown, and
 * {@code clearsessions} purges the table while cache entries expire by their TTL, as in Django.
 */
public final class DbEngineProvider implements SessionEngineProvider {
    public static final String ENGINE = "db";
    public static final String CACHED_ENGINE = "cached_db";

    /** The application's DataSource, or null for a pool of the engine's own from DATABASE_URL. */
    private final DataSource dataSource;

    /** The provider ServiceLoader finds: the engine opens and closes a pool of its own from DATABASE_URL. */
    public DbEngineProvider() {
        this.dataSource = null;
    }

    /**
     * A provider over a DataSource the application already has (its own pool, a container's JNDI source),
     * for {@code SessionEngines.builder(settings).provider(...)}: DATABASE_URL is ignored and the application
     * keeps owning the DataSource, which the engine never closes.
     */
    public DbEngineProvider(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public Set<String> engineNames() {
        return Set.of(ENGINE, CACHED_ENGINE);
    }

    @Override
    public EngineParts create(String engineName, EngineContext context) {
        SessionSettings settings = context.settings();
        // An unconfigured SESSION_CACHE_ALIAS fails before a pool is opened (Django fails at construction).
        if (CACHED_ENGINE.equals(engineName)) {
            context.cache(settings.cacheAlias());
        }
        if (dataSource != null) {
            TableName table = DbSettings.table(settings);
            DbSessionStore store = DbSessionStore.forDataSource(dataSource, table, settings.useTz(),
                    settings.timeZone(), context.clock());
            SessionTableCheck.requireTable(dataSource, store.dialect(), table, JdbcCalls.describe(dataSource));
            return EngineParts.store(served(engineName, store, context));
        }
        DbSettings db = DbSettings.from(settings);
        Dialect dialect = db.dialect();
        HikariDataSource pool = PooledDataSources.create(db, dialect);
        try {
            SessionTableCheck.requireTable(pool, dialect, db.table(), DbSettings.printableUrl(db.url()));
            DbSessionStore store = new DbSessionStore(pool, dialect, db.table(), settings.useTz(),
                    settings.timeZone(), context.clock());
            return EngineParts.store(served(engineName, store, context)).closing(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** The table, with the SESSION_CACHE_ALIAS cache in front of it for cached_db. */
    private static SessionStore served(String engineName, DbSessionStore table, EngineContext context) {
        return CACHED_ENGINE.equals(engineName) ? context.cachedInFront(table) : table;
    }
}
