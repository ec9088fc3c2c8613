package dev.cloakroom.memcached;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.CacheBackendProvider;

import java.time.Clock;
import java.util.Set;

/**
 * Serves the {@code memcached} scheme of {@code CACHE_<ALIAS>_URL}, e.g.
 * {@code CACHE_DEFAULT_URL=memcached://10.0.0.1:11211,10.0.0.2:11211?timeout=500ms}: the servers, comma-separated,
 * and the options {@code keyPrefix}, {@code timeout} and {@code connectTimeout} (2 s each by default). Each URL
 * resolved gets a {@link MemcachedCacheBackend} that owns its own client and shuts it down when closed (the
 * engine closes it with itself).
 *
 * <p>Configuration that does not come as a URL (Django-style {@code LOCATION} lists, say) builds a
 * {@link MemcachedCacheConfig} and calls {@link #create(MemcachedCacheConfig)}.
 *
 * <p>A malformed URL fails here, when the engine is built; an unreachable server does not: it is connected to
 * in the background, and its keys fail fast until it answers.
 */
public final class MemcachedCacheBackendProvider implements CacheBackendProvider {

    @Override
    public Set<String> schemes() {
        return Set.of(MemcachedCacheUrl.SCHEME);
    }

    /**
     * {@inheritDoc} The clock is not used: Memcached expires entries by its own clock.
     *
     * @throws dev.cloakroom.ImproperlyConfiguredException naming {@code CACHE_<ALIAS>_URL} when {@code url} is not
     *         a usable Memcached URL
     */
    @Override
    public CacheBackend create(String url, Clock clock) {
        return create(MemcachedCacheUrl.parse(url));
    }

    /** A backend on the servers of {@code config}; the caller closes it. */
    public CacheBackend create(MemcachedCacheConfig config) {
        return new MemcachedCacheBackend(config);
    }
}
