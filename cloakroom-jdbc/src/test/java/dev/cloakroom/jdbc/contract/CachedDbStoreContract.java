package dev.cloakroom.jdbc.contract;

import dev.cloakroom.testkit.LogCapture;
import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.local.LocalCacheBackend;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.jdbc.DbEngineProvider;
import dev.cloakroom.jdbc.DbSessionStore;
import dev.cloakroom.jdbc.TableName;
import dev.cloakroom.jdbc.support.FailingCache;
import dev.cloakroom.jdbc.support.WatchedDataSource;
import dev.cloakroom.session.Session;
import dev.cloakroom.ImproperlyConfiguredException;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.store.cache.CachingSessionStore;
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
 * <p>The engine is the real cached_db wiring of {@link DbEngineProvider}, handed the cache and the DataSource
 * the test holds (to evict entries behind the store's back and to see whether the database was touched); one
 * pool serves the whole class. {@link #engineFromSettingsRoundTrips()} and
 * {@link #testNonDefaultCacheWithoutConfiguration()} check the wiring SESSION_ENGINE=cached_db itself does.
 * Like Django's cached_db, every engine of one test shares one cache, as the alias is one cache per process.
 */
public abstract class CachedDbStoreContract extends DbStoreContract {
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
        return new LocalCacheBackend(clock);
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
        return SessionEngines.builder(settings).clock(clock).cache(settings.cacheAlias(), sessionCache)
                .provider(new DbEngineProvider(dataSource)).build();
    }

    private String cacheKey(String sessionKey) {
        return CachingSessionStore.KEY_PREFIX + sessionKey;
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
        session.save();
        String key = session.getSessionKey();
        int before = dataSource.connectionsTaken();
        dataSource.stop();

        assertThat(session.exists(key)).isTrue();
        assertThat(dataSource.connectionsTaken()).as("connections taken by exists()").isEqualTo(before);
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
        CacheBackend defaultCache = new LocalCacheBackend(clock);
        CacheBackend sessionsCache = new LocalCacheBackend(clock);
        try (SessionEngine aliased = SessionEngines.builder(sessionsAlias).clock(clock)
                .cache("default", defaultCache).cache("sessions", sessionsCache)
                .provider(new DbEngineProvider(dataSource)).build()) {
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
            assertThat(log.hasError(CachingSessionStore.class.getName(), "Session cache failed to write"))
                    .as("an ERROR from the caching store in:%n%s", log.text()).isTrue();
            assertThat(log.text()).contains(FailingCache.FAILURE);
        }
        assertThat(jsonMap(codec().decode(requireRawStoredData(request.getSessionKey()))))
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
            assertThat(log.hasError(CachingSessionStore.class.getName(), "Session cache failed to read"))
                    .as("an ERROR from the caching store in:%n%s", log.text()).isTrue();
        }
        request.put("b", 2);
        request.save();
        assertThat(request.getSessionKey()).isEqualTo(key);
        assertThat(jsonMap(open(key).asMap())).isEqualTo(jsonMap(Map.of("a", 1, "b", 2)));
    }

    /** SESSION_ENGINE=cached_db builds the caching store over the table, and clearsessions purges the table. */
    @Test
    void engineFromSettingsRoundTrips() {
        try (SessionEngine built = SessionEngines.create(settings, clock)) {
            assertThat(built.name()).isEqualTo("cached_db");
            Session written = built.open(null);
            written.put("a", 1);
            written.save();
            String key = written.getSessionKey();
            assertThat(jsonMap(built.open(key).asMap())).isEqualTo(jsonMap(Map.of("a", 1)));
            assertThat(rawStoredData(key)).as("the row in the table").isPresent();

            clock.advanceSeconds(settings.cookieAge() + 1);
            assertThat(built.open(key).asMap()).isEmpty();
            assertThat(built.clearExpired()).hasValue(1);
            assertThat(rawStoredData(key)).as("the row after clearExpired").isEmpty();
        }
    }
}
