package dev.cloakroom.cache;

/**
 * A write the cache's primary accepted but fewer of its replicas confirmed in time than the backend was asked to
 * wait for (Redis's {@code waitReplicas}). The cache answered, so this is not an outage: a
 * {@link CircuitBreakingCacheBackend} does not count it and keeps calling the cache. The write is still not
 * confirmed, so it is a {@link CacheUnavailableException} to every caller that treats an unconfirmed write as
 * failed (a session save reports it as not stored); the value may or may not survive a failover.
 */
public class ReplicationShortfallException extends CacheUnavailableException {
    public ReplicationShortfallException(String message) {
        super(message, null);
    }
}
