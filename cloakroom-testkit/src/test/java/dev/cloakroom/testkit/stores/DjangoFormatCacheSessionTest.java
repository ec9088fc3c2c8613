package dev.cloakroom.testkit.stores;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionCacheFormat;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.testkit.LocalCaches;
import dev.cloakroom.python.PickleReader;
import dev.cloakroom.testkit.SessionStoreContract;
import org.junit.jupiter.api.Disabled;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The whole contract (overlapping requests that must merge, hostile keys, corrupt entries, expiry) on the cache
 * engine in Django's format (SESSION_CACHE_FORMAT=django), over the local cache: entries are Django's pickled
 * dicts under {@code :1:django.contrib.sessions.cache<key>}.
 */
class DjangoFormatCacheSessionTest extends SessionStoreContract {
    private CacheBackend cache;

    @Override
    protected SessionSettings.Builder settingsBuilder() {
        return super.settingsBuilder().engine("cache").cacheFormat(SessionCacheFormat.DJANGO);
    }

    @Override
    protected SessionEngine createEngine(SessionSettings settings, Clock clock) {
        CacheBackend local = LocalCaches.create(clock);
        if (cache == null) {
            cache = local;
        }
        return SessionEngines.builder(settings).clock(clock).cache("default", local).build();
    }

    @Override
    protected boolean sessionsExpireByThemselves() {
        return true;
    }

    /** Django's key: make_key with KEY_PREFIX "" and VERSION 1, spelled out as a Django process would find it. */
    private static String cacheKey(String sessionKey) {
        return ":1:django.contrib.sessions.cache" + sessionKey;
    }

    /**
     * The session data in the entry, read as Python's pickle.loads would read it (by the reader the store uses,
     * whose own vectors are CPython's) and encoded as the codec encodes data, which is what the contract compares.
     */
    @Override
    @SuppressWarnings("unchecked")
    protected Optional<String> rawStoredData(String key) {
        return cache.get(cacheKey(key)).map(entry -> codec().encode((Map<String, Object>) (Map<?, ?>)
                PickleReader.read(entry.getBytes(StandardCharsets.ISO_8859_1))));
    }

    /**
     * Django's cache engine reads an unreadable entry as no session and drops the key ({@code cache.py}'s load
     * sets {@code _session_key = None}); in Django's format Cloakroom does the same, so the next save draws a new
     * key instead of writing over the entry.
     */
    @Override
    @Disabled("an unreadable Django entry is a missing session, as in Django's cache engine: the key is not kept")
    public void testCorruptStoredDataLoadsAsAnEmptySessionAndIsKeptUntilSaved() {
    }

    @Override
    protected boolean corruptStoredData(String key) {
        cache.set(cacheKey(key), "garbage: not a pickle", Duration.ofHours(1));
        return true;
    }
}
