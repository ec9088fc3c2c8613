package dev.cloakroom.memcached;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.memcached.support.RequiresMemcached;
import dev.cloakroom.memcached.support.TestMemcached;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.store.cache.CacheSessionStore;
import dev.cloakroom.testkit.SessionStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session store contract (Django's SessionTestsMixin, overlapping requests including 16 threads x 200
 * writes to one session through Memcached's gets and cas, hostile keys, corrupt records) on the cache engine
 * over the shared local Memcached, configured as an application would: {@code SESSION_ENGINE=cache} and
 * {@code CACHE_DEFAULT_URL=memcached://...}.
 *
 * <p>Expiry tests still run on the test clock: the cache store compares each record's expiry instant with it,
 * while Memcached's own TTL only decides when the entry is finally removed. Each test writes under a key prefix
 * of its own.
 */
@RequiresMemcached
class MemcachedCacheSessionTest extends SessionStoreContract {
    private final String prefix = TestMemcached.uniquePrefix();
    private CacheBackend behindTheStore;

    @Override
    protected SessionSettings.Builder settingsBuilder() {
        return super.settingsBuilder().engine("cache").raw("CACHE_DEFAULT_URL", TestMemcached.url(prefix));
    }

    @Override
    protected SessionEngine createEngine(SessionSettings settings, Clock clock) {
        return SessionEngines.create(settings, clock);
    }

    @AfterEach
    void closeTheLookBehind() {
        if (behindTheStore != null) {
            behindTheStore.close();
        }
    }

    /** Memcached expires each entry by the session's TTL. */
    @Override
    protected boolean sessionsExpireByThemselves() {
        return true;
    }

    /** The encoded data of the entry, which CacheSessionStore writes as {@code <expiry instant>:<data>}. */
    @Override
    protected Optional<String> rawStoredData(String key) {
        return cache().get(":1:" + CacheSessionStore.KEY_PREFIX + key).map(entry -> entry.substring(entry.indexOf(':') + 1));
    }

    /** Keeps the entry's expiry and replaces the encoded data behind it with garbage. */
    @Override
    protected boolean corruptStoredData(String key) {
        String cacheKey = ":1:" + CacheSessionStore.KEY_PREFIX + key;
        String entry = cache().get(cacheKey).orElseThrow();
        cache().set(cacheKey, entry.substring(0, entry.indexOf(':') + 1) + "garbage: not a session",
                Duration.ofHours(1));
        return true;
    }

    /** After a save the entry is in Memcached under the session's cache key. */
    @Test
    void testSaveWritesTheEntryToMemcached() {
        session.put("a", 1);
        session.save();
        assertThat(cache().get(":1:" + CacheSessionStore.KEY_PREFIX + session.getSessionKey())).isPresent();
    }

    /** Two engines on the same URL (two application processes) share sessions through Memcached. */
    @Test
    void testTwoEnginesShareSessionsThroughMemcached() {
        session.put("a", 1);
        session.save();
        try (SessionEngine otherProcess = SessionEngines.create(settings, clock)) {
            assertThat(jsonMap(otherProcess.open(session.getSessionKey()).asMap())).isEqualTo(jsonMap(Map.of("a", 1)));
        }
    }

    /** A second client on the shared server under this test's prefix, to look behind the store's back. */
    private CacheBackend cache() {
        if (behindTheStore == null) {
            behindTheStore = TestMemcached.backend(prefix);
        }
        return behindTheStore;
    }
}
