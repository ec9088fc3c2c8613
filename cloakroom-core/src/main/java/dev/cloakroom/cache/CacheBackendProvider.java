package dev.cloakroom.cache;


import java.time.Clock;
import java.util.Set;

/**
 * Contributes cache backends by URL scheme ({@code local}, {@code redis}, {@code memcached}), found with
 * {@link java.util.ServiceLoader}. The core resolves {@code CACHE_<ALIAS>_URL} through them, so a cache of any
 * kind serves every engine that takes a cache (cache, cached_db).
 */
public interface CacheBackendProvider {

    /** The URL schemes served, e.g. {@code redis}. */
    Set<String> schemes();

    /** Connects to the cache at {@code url}; the caller closes it. */
    CacheBackend create(String url, Clock clock);
}
