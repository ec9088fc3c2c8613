package dev.cloakroom.testkit.stores;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.session.Session;
import dev.cloakroom.ImproperlyConfiguredException;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.testkit.LocalCaches;
import dev.cloakroom.testkit.SessionStoreContract;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract on the cache engine over the local in-process cache, plus Django's CacheSessionTests
 * (reference 8.6, tests 85-88) and the SESSION_CACHE_ALIAS check of test 78.
 *
 * <p>Every engine is what SESSION_ENGINE=cache builds, handed the local cache the test holds (from the
 * {@code local:} cache provider) so that it can read and corrupt entries behind the store's back.
 */
class CacheSessionTest extends SessionStoreContract {
    private CacheBackend cache;

    @Override
    protected SessionSettings.Builder settingsBuilder() {
        return super.settingsBuilder().engine("cache");
    }

    @Override
    protected SessionEngine createEngine(SessionSettings settings, Clock clock) {
        CacheBackend local = LocalCaches.create(clock);
        if (cache == null) {
            cache = local;
        }
        // The real wiring of SESSION_ENGINE=cache; the test holds the cache to look behind the store's back.
        return SessionEngines.builder(settings).clock(clock).cache("default", local).build();
    }

    /** Cache entries carry the session's TTL. */
    @Override
    protected boolean sessionsExpireByThemselves() {
        return true;
    }

    /**
     * The cache engine's key for a session, spelled out rather than read from the store's (internal) constant:
     * entries already in a shared cache are found by it, so a change of scheme must fail here first.
     */
    private static String cacheKey(String sessionKey) {
        return ":1:cloakroom.sessions.cache" + sessionKey; // make_key with KEY_PREFIX "" and VERSION 1
    }

    /**
     * The encoded data in the entry, which CacheSessionStore writes as {@code <expiry instant>:<data>}
     * (its Javadoc): everything after the first colon.
     */
    @Override
    protected Optional<String> rawStoredData(String key) {
        return cache.get(cacheKey(key)).map(entry -> entry.substring(entry.indexOf(':') + 1));
    }

    /** Keeps the entry's expiry prefix and replaces the encoded data behind it with garbage. */
    @Override
    protected boolean corruptStoredData(String key) {
        String entry = cache.get(cacheKey(key)).orElseThrow();
        cache.set(cacheKey(key), entry.substring(0, entry.indexOf(':') + 1) + "garbage: not a session",
                Duration.ofHours(1));
        return true;
    }

    // ---- Django's CacheSessionTests ---------------------------------------------------------------------

    /** Django 85: a 1,240-character key loads as an empty session. */
    @Test
    void testLoadOverlongKey() {
        String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        session = open(letters.repeat(20));
        assertThat(session.load()).isEqualTo(Map.of());
    }

    /** Django 86: after a save the entry is in the cache under the session's cache key. */
    @Test
    void testDefaultCache() {
        session.save();
        assertThat(cache.get(cacheKey(session.getSessionKey()))).isPresent();
    }

    /**
     * Django 78 (CacheDBSessionTests, the same check for the cache engine): an alias no cache is
     * configured for fails when the engine is built, naming SESSION_CACHE_ALIAS.
     */
    @Test
    void testNonDefaultCacheWithoutConfiguration() {
        SessionSettings sessionsAlias = settingsBuilder().cacheAlias("sessions").build();
        assertThatThrownBy(() -> SessionEngines.create(sessionsAlias, clock))
                .isInstanceOfSatisfying(ImproperlyConfiguredException.class,
                        e -> assertThat(e.setting()).isEqualTo("SESSION_CACHE_ALIAS"));
    }

    /**
     * Django 87: a configured non-default alias is used: the entry is in the aliased cache and not in the
     * default one.
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

    /** Django 88: create() then save() leaves the entry in the cache. */
    @Test
    void testCreateAndSave() {
        session.create();
        session.save();
        assertThat(cache.get(cacheKey(session.getSessionKey()))).isPresent();
    }

    @Test
    void engineFromSettingsRoundTrips() {
        try (SessionEngine built = SessionEngines.create(settings, clock)) {
            assertThat(built.name()).isEqualTo("cache");
            Session written = built.open(null);
            written.put("a", 1);
            written.save();
            assertThat(jsonMap(built.open(written.getSessionKey()).asMap())).isEqualTo(jsonMap(Map.of("a", 1)));
            clock.advanceSeconds(settings.cookieAge() + 1);
            assertThat(built.open(written.getSessionKey()).asMap()).isEmpty();
        }
    }
}
