package dev.cloakroom.redis;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.CacheBackendProvider;

import java.time.Clock;
import java.util.Set;

/**
 * Serves the {@code redis} and {@code rediss} (TLS) schemes of {@code CACHE_<ALIAS>_URL}, e.g.
 * {@code CACHE_DEFAULT_URL=redis://127.0.0.1:6379/0} or {@code redis://:password@cache.internal:6379/2}; the
 * options are described on {@link RedisCacheUrl}. Each URL resolved gets a {@link RedisCacheBackend} that owns
 * its own Lettuce client and shuts it down when the backend is closed (the engine closes it with itself).
 *
 * <p>A malformed URL fails here, when the engine is built; an unreachable server does not: the backend connects
 * on first use, so an application can start while Redis is still coming up.
 */
public final class RedisCacheBackendProvider implements CacheBackendProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("redis", "rediss");
    }

    /** {@inheritDoc} The clock only times outages for the log: Redis expires entries by its own clock. */
    @Override
    public CacheBackend create(String url, Clock clock) {
        return new RedisCacheBackend(RedisCacheUrl.parse(url), clock);
    }
}
