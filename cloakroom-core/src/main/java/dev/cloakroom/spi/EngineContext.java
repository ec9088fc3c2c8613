package dev.cloakroom.spi;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.store.SessionStore;

import java.time.Clock;

/**
 * What a {@link SessionEngineProvider} builds its engine from: the settings, the clock, and the caches the
 * settings configure. The core owns everything it hands out here: caches obtained through
 * {@link #cache(String)} are closed with the engine (or when building it fails), never by the provider.
 */
public interface EngineContext {

    /** The settings the engine is built for. */
    SessionSettings settings();

    /** The engine's time source; stores that compare times use it, so tests can move it. */
    Clock clock();

    /**
     * The cache named {@code alias} (Django's {@code CACHES} alias), connected on first use from the settings
     * {@code CACHES_<ALIAS>_BACKEND} and {@code _LOCATION} or the shorthand {@code CACHE_<ALIAS>_URL}; the
     * {@code default} alias falls back to a local in-process cache, as Django's does. The same alias always
     * gives the same cache.
     *
     * @throws dev.cloakroom.ImproperlyConfiguredException when the alias has no cache configured, or its URL
     *         names a scheme no {@link dev.cloakroom.cache.CacheBackendProvider} on the classpath serves
     */
    CacheBackend cache(String alias);

    /**
     * {@code store} with the SESSION_CACHE_ALIAS cache in front of it, as the cached_db engine puts it: the
     * store stays the truth, the cache only saves reads, and a cache failure is logged, never thrown.
     */
    SessionStore cachedInFront(SessionStore store);

    /**
     * The cache engine's store: each session one entry of the SESSION_CACHE_ALIAS cache, living as long as the
     * session, under Django's {@code make_key} and in the format SESSION_CACHE_FORMAT names.
     */
    SessionStore cacheStore();
}
