package dev.cloakroom.engine;

import dev.cloakroom.cache.CacheBackend;

import java.time.Clock;
import java.util.Set;

/**
 * Contributes cache backends by URL scheme ({@code local}, {@code redis}, {@code memcached}), found with
 * {@link java.util.ServiceLoader}.
 */
public interface CacheBackendProvider {

    /** The URL schemes served, e.g. {@code redis}. */
    Set<String> schemes();

    /** Connects to the cache at {@code url}; the caller closes it. */
    CacheBackend create(String url, Clock clock);
}
