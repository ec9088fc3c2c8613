package dev.cloakroom.redis;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.CacheBackendProvider;

import java.time.Clock;
import java.util.Set;

/**
 * Serves the {@code redis}, {@code redis-sentinel} and {@code redis-cluster} schemes of {@code CACHE_<ALIAS>_URL}
 * (each with an {@code s} after {@code redis} for TLS), e.g. {@code CACHE_DEFAULT_URL=redis://127.0.0.1:6379/0},
 * {@code redis-sentinel://s1:26379,s2:26379,s3:26379/0#mymaster} or {@code redis-cluster://n1:7000,n2:7000}; the
 * forms and options are described on {@link RedisCacheUrl}. Each URL resolved gets a {@link RedisCacheBackend} that owns
 * its own Lettuce client and shuts it down when the backend is closed (the engine closes it with itself).
 *
 * <p>A malformed URL fails here, when the engine is built; an unreachable server does not: the backend starts
 * connecting in the background and tries again on later operations, so an application can start while Redis is
 * still coming up.
 */
public final class RedisCacheBackendProvider implements CacheBackendProvider {

    @Override
    public Set<String> schemes() {
        Set<String> schemes = new java.util.HashSet<>();
        for (RedisCacheUrl.Topology topology : RedisCacheUrl.Topology.values()) {
            schemes.addAll(topology.schemes());
        }
        return Set.copyOf(schemes);
    }

    /** {@inheritDoc} The clock only times outages for the log: Redis expires entries by its own clock. */
    @Override
    public CacheBackend create(String url, Clock clock) {
        return new RedisCacheBackend(RedisCacheUrl.parse(url), clock);
    }
}
