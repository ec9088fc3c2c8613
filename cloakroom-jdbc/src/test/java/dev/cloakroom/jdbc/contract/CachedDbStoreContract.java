package dev.cloakroom.jdbc.contract;

import dev.cloakroom.testkit.LocalCaches;
import dev.cloakroom.testkit.LogCapture;
import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.jdbc.DbEngineProvider;
import dev.cloakroom.jdbc.TableName;
import dev.cloakroom.jdbc.support.FailingCache;
import dev.cloakroom.jdbc.support.WatchedDataSource;
import dev.cloakroom.session.Session;
import dev.cloakroom.ImproperlyConfiguredException;
import dev.cloakroom.settings.SessionSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The store contract on SESSION_ENGINE=cached_db, plus Django's CacheDBSessionTests (reference 8.4, tests
 * 76-79) and a cache outage while loading.
 *
 * <p>Every engine is what SESSION_ENGINE=cached_db and the class's DATABASE_URL build, handed only the cache
 * the test holds (to read and evict entries behind the store's back). Like Django's cached_db, every engine of
 * one test shares one cache, as the alias is one cache per process. {@link #testExistsSearchesCacheFirst()}
 * alone needs to see whether the database was touched, so it runs the same provider over a DataSource it
 * watches.
 */
public abstract class CachedDbStoreContract extends DbStoreContract {
    /**
     * The logger cached_db reports cache failures on: operators configure it by this name, and the class
     * behind it is internal to the core.
     */
    private static final String CACHE_LOGGER = "dev.cloakroom.store.cache.CachingSessionStore";

    private WatchedDataSource dataSource;
    /** The cache of the engines of the current test, made with the first of them. */
    private CacheBackend cache;

    @BeforeAll
    void openClassPool() {
        dataSource = new WatchedDataSource(db.pool(TableName.djangoDefault()));
    }

    @AfterEach
    void forgetTheCache() {
        cache = null;
        dataSource.restart();
    }

    @Override
    protected SessionSettings.Builder settingsBuilder() {
        return super.settingsBuilder().engine(DbEngineProvider.CACHED_ENGINE);
    }

    /** The cache in front of the table: the local cache; subclasses put another one there. */
    protected CacheBackend newCache(Clock clock) {
        return LocalCaches.create(clock);
    }

    @Override
    protected SessionEngine createEngine(SessionSettings settings, Clock clock) {
        if (cache == null) {
            cache = newCache(clock);
        }
        return engineOver(cache, settings, clock);
    }

    /** The cached_db engine over this class's database and {@code sessionCache}, as SESSION_ENGINE builds it. */
    private SessionEngine engineOver(CacheBackend sessionCache, SessionSettings settings, Clock clock) {
        return SessionEngines.builder(settings).clock(clock).cache(settings.cacheAlias(), sessionCache).build();
    }

    /**
     * cached_db's cache key for a session, spelled out rather than read from the core's internal constant:
     * entries already in a shared cache are found by it, so a change of scheme must fail here first.
     */
    private static String cacheKey(String sessionKey) {
        return ":1:cloakroom.sessions.cached_db" + sessionKey; // make_key with KEY_PREFIX "" and VERSION 1
    }

    /**
     * Corrupts the row and evicts the cache entry. While the cache holds the intact entry, cached_db serves
     * it without reading the row (Django's cached_db trusts a cache hit too), so the corrupt row becomes
     * visible only once the entry is gone, as after a cache restart.
     */
    @Override
    protected boolean corruptStoredData(String key) {
        boolean corrupted = super.corruptStoredData(key);
        cache.delete(cacheKey(key));
        return corrupted;
    }

    // ---- Django's CacheDBSessionTests -------------------------------------------------------------------

    /** Django 76: after a save, exists() answers from the cache without a database query. */
    @Test
    void testExistsSearchesCacheFirst() {
        try (SessionEngine watched = SessionEngines.builder(settings).clock(clock).cache(settings.cacheAlias(), cache)
                .provider(new DbEngineProvider(dataSource)).build()) {
            Session request = watched.open(null);
            request.save();
            String key = request.getSessionKey();
            int before = dataSource.connectionsTaken();
            dataSource.stop();

            assertThat(request.exists(key)).isTrue();
            assertThat(dataSource.connectionsTaken()).as("connections taken by exists()").isEqualTo(before);
            dataSource.restart();
            request.delete();
        }
    }

    /** Django 77: a 1,240-character key loads as an empty session. */
    @Test
    void testLoadOverlongKey() {
        String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        session = open(letters.repeat(20));
        assertThat(session.load()).isEqualTo(Map.of());
    }

    /** Django 78: an alias no cache is configured for fails when the engine is built, naming the setting. */
    @Test
    void testNonDefaultCacheWithoutConfiguration() {
        SessionSettings sessionsAlias = settingsBuilder().cacheAlias("sessions").build();
        assertThatThrownBy(() -> SessionEngines.create(sessionsAlias, clock))
                .isInstanceOfSatisfying(ImproperlyConfiguredException.class,
                        e -> assertThat(e.setting()).isEqualTo("SESSION_CACHE_ALIAS"));
    }

    /**
     * A configured non-default alias is used (Django's CacheSessionTests 87, which holds for cached_db): the
     * entry is in the aliased cache and not in the default one.
     */
    @Test
    void testNonDefaultCache() {
        SessionSettings sessionsAlias = settingsBuilder().cacheAlias("sessions").build();
        CacheBackend defaultCache = LocalCaches.create(clock);
        CacheBackend sessionsCache = LocalCaches.create(clock);
        try (SessionEngine aliased = SessionEngines.builder(sessionsAlias).clock(clock)
                .cache("default", defaultCache).cache("sessions", sessionsCache).build()) {
            Session written = aliased.open(null);
            written.put("a", 1);
            written.save();
            assertThat(sessionsCache.get(cacheKey(written.getSessionKey()))).isPresent();
            assertThat(defaultCache.get(cacheKey(written.getSessionKey()))).isEmpty();
            assertThat(jsonMap(aliased.open(written.getSessionKey()).asMap())).isEqualTo(jsonMap(Map.of("a", 1)));
        }
    }

    /** Django 79: a cache whose writes fail does not fail save(); the failure is logged as an error. */
    @Test
    void testCacheSetFailureNonFatal() {
        SessionEngine failingWrites = engineOver(FailingCache.failingWrites(cache), settings, clock);
        Session request = failingWrites.open(null);
        request.put("a", 1);
        try (LogCapture log = LogCapture.start()) {
            request.save();
            assertThat(log.hasError(CACHE_LOGGER, "Session cache failed to write"))
                    .as("an ERROR from the caching store in:%n%s", log.text()).isTrue();
            assertThat(log.text()).contains(FailingCache.FAILURE);
        }
        assertThat(jsonMap(decodeStored(requireRawStoredData(request.getSessionKey()))))
                .isEqualTo(jsonMap(Map.of("a", 1)));

        request.put("b", 2);
        request.save();
        assertThat(jsonMap(open(request.getSessionKey()).asMap())).isEqualTo(jsonMap(Map.of("a", 1, "b", 2)));
        request.delete();
    }

    /** A cache that cannot be read while loading: the session comes from the database, and nothing fails. */
    @Test
    void testCacheOutageWhileLoadingFallsBackToTheDatabase() {
        session.put("a", 1);
        session.save();
        String key = session.getSessionKey();
        SessionEngine failingReads = engineOver(FailingCache.failingReads(cache), settings, clock);

        Session request = failingReads.open(key);
        try (LogCapture log = LogCapture.start()) {
            assertThat(jsonMap(request.asMap())).isEqualTo(jsonMap(Map.of("a", 1)));
            assertThat(request.exists(key)).isTrue();
            assertThat(log.hasError(CACHE_LOGGER, "Session cache failed to read"))
                    .as("an ERROR from the caching store in:%n%s", log.text()).isTrue();
        }
        request.put("b", 2);
        request.save();
        assertThat(request.getSessionKey()).isEqualTo(key);
        assertThat(jsonMap(open(key).asMap())).isEqualTo(jsonMap(Map.of("a", 1, "b", 2)));
    }

    /**
     * SESSION_ENGINE=cached_db with DATABASE_URL builds the caching store over the table: a save lands in the
     * table and in the SESSION_CACHE_ALIAS cache; clearsessions purges the table.
     */
    @Test
    void engineFromSettingsRoundTrips() {
        CacheBackend held = LocalCaches.create(clock);
        try (SessionEngine built = SessionEngines.builder(settings).clock(clock).cache("default", held).build()) {
            assertThat(built.name()).isEqualTo("cached_db");
            Session written = built.open(null);
            written.put("a", 1);
            written.save();
            String key = written.getSessionKey();
            assertThat(jsonMap(built.open(key).asMap())).isEqualTo(jsonMap(Map.of("a", 1)));
            assertThat(rawStoredData(key)).as("the row in the table").isPresent();
            assertThat(held.get(cacheKey(key))).as("the entry in the cache in front of the table").isPresent();

            clock.advanceSeconds(settings.cookieAge() + 1);
            assertThat(built.open(key).asMap()).isEmpty();
            assertThat(built.clearExpired()).hasValue(1);
            assertThat(rawStoredData(key)).as("the row after clearExpired").isEmpty();
        }
    }
}
