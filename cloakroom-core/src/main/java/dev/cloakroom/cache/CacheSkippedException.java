package dev.cloakroom.cache;

/**
 * A call a {@link CircuitBreakingCacheBackend} did not make, because the cache failed recently and has not yet
 * answered a probe. Thrown at once, without touching the network; callers treat it as any other
 * {@link CacheUnavailableException}.
 */
public class CacheSkippedException extends CacheUnavailableException {
    public CacheSkippedException(String message) {
        super(message, null);
    }
}
