package dev.cloakroom.store.cache;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.CacheBackend.CasResult;
import dev.cloakroom.cache.CacheUnavailableException;
import dev.cloakroom.session.SecurityLog;
import dev.cloakroom.store.ReplaceOutcome;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionStore;
import dev.cloakroom.store.SessionStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The cache engine: every session is one cache entry under {@code keyPrefix + sessionKey}, living exactly as
 * long as the session (TTL = the record's expiry minus now), so expired sessions vanish by themselves and
 * {@link #clearExpired()} has nothing to do.
 *
 * <p>Entry format: {@code <epochSecond>.<nanosecond, 9 digits>:<encoded data>}, the record's expiry instant
 * followed by its data, so that {@link #load} returns a record equal to the one written and the conditional
 * {@link #replace} can compare whole records. This differs from Django, which pickles the session dict into the
 * cache; a Django process and Cloakroom cannot share a cache-engine cache (they can share a database or files).
 *
 * <p>Failures: a cache that cannot be read means a missing session, logged but not thrown (Django #17810), so
 * an unreachable cache logs visitors out instead of failing every request; failed writes and deletes throw
 * {@link SessionStoreException}, because silently losing them would resurrect or drop data. A session key the
 * cache cannot hold (characters outside {@code [a-z0-9]}, or a cache key over {@value #MAX_CACHE_KEY_BYTES}
 * bytes, Memcached's limit and the strictest of the supported caches) is never sent to the cache and counts as
 * unknown.
 */
public final class CacheSessionStore implements SessionStore {
    public static final String KEY_PREFIX = "cloakroom.sessions.cache";
    /** Memcached's key limit; Redis and the local cache accept more, but sessions must fit every cache. */
    public static final int MAX_CACHE_KEY_BYTES = 250;

    private static final Logger LOG = LoggerFactory.getLogger(CacheSessionStore.class);

    private final CacheBackend cache;
    private final String keyPrefix;
    private final Clock clock;

    public CacheSessionStore(CacheBackend cache, String keyPrefix, Clock clock) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<SessionRecord> load(String key) {
        String cacheKey = cacheKey(key);
        if (cacheKey == null) {
            return Optional.empty();
        }
        Optional<String> value;
        try {
            value = cache.get(cacheKey);
        } catch (CacheUnavailableException e) {
            LOG.warn("Session cache unreadable; treating the session as missing", e);
            return Optional.empty();
        }
        return value.flatMap(CacheSessionStore::parse).filter(record -> !record.isExpiredAt(clock.instant()));
    }

    @Override
    public boolean exists(String key) {
        String cacheKey = cacheKey(key);
        return cacheKey != null && propagating("check for", () -> cache.contains(cacheKey));
    }

    @Override
    public boolean create(String key, SessionRecord record) {
        Objects.requireNonNull(record, "record");
        String cacheKey = cacheKey(key);
        if (cacheKey == null) {
            // A key the cache cannot hold is never ours to create; the caller will draw another.
            return false;
        }
        return propagating("create", () -> cache.add(cacheKey, format(record), ttl(record)));
    }

    @Override
    public ReplaceOutcome replace(String key, SessionRecord expected, SessionRecord replacement) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(replacement, "replacement");
        String cacheKey = cacheKey(key);
        if (cacheKey == null) {
            return ReplaceOutcome.MISSING;
        }
        String expectedValue = format(expected);
        if (expected.isExpiredAt(clock.instant())) {
            // The cache may not have evicted it yet, but a dead record must not be revived by a swap.
            Optional<String> current = propagating("replace", () -> cache.get(cacheKey));
            return current.isEmpty() || current.get().equals(expectedValue)
                    ? ReplaceOutcome.MISSING : ReplaceOutcome.CONFLICT;
        }
        CasResult result = propagating("replace",
                () -> cache.compareAndSet(cacheKey, expectedValue, format(replacement), ttl(replacement)));
        switch (result) {
            case SWAPPED:
                return ReplaceOutcome.REPLACED;
            case CHANGED:
                return ReplaceOutcome.CONFLICT;
            case ABSENT:
                return ReplaceOutcome.MISSING;
            default:
                throw new IllegalStateException(result.name());
        }
    }

    @Override
    public void delete(String key) {
        String cacheKey = cacheKey(key);
        if (cacheKey != null) {
            propagating("delete", () -> cache.delete(cacheKey));
        }
    }

    /** Nothing to do: every entry carries its own TTL. */
    @Override
    public long clearExpired() {
        return 0;
    }

    /** The cache key for {@code key}, or null when the cache cannot hold it. */
    String cacheKey(String key) {
        if (key == null || key.isEmpty()) {
            return null;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                SecurityLog.suspiciousSession().warn("Session key rejected by the cache store: invalid characters");
                return null;
            }
        }
        String cacheKey = keyPrefix + key;
        if (cacheKey.getBytes(StandardCharsets.UTF_8).length > MAX_CACHE_KEY_BYTES) {
            SecurityLog.suspiciousSession().warn("Session key rejected by the cache store: {} characters is too long",
                    key.length());
            return null;
        }
        return cacheKey;
    }

    private Duration ttl(SessionRecord record) {
        return Duration.between(clock.instant(), record.expiresAt());
    }

    static String format(SessionRecord record) {
        Instant expiresAt = record.expiresAt();
        return expiresAt.getEpochSecond() + "." + String.format(java.util.Locale.ROOT, "%09d", expiresAt.getNano()) + ":" + record.data();
    }

    /** The record in a cache value, or empty (and a warning) when the value is not in our format. */
    static Optional<SessionRecord> parse(String value) {
        int colon = value.indexOf(':');
        int dot = value.indexOf('.');
        if (dot > 0 && colon == dot + 10) {
            try {
                long seconds = Long.parseLong(value.substring(0, dot));
                int nanos = Integer.parseInt(value.substring(dot + 1, colon));
                if (nanos >= 0) {
                    return Optional.of(new SessionRecord(value.substring(colon + 1),
                            Instant.ofEpochSecond(seconds, nanos)));
                }
            } catch (NumberFormatException | java.time.DateTimeException malformed) {
                // reported below
            }
        }
        SecurityLog.suspiciousSession().warn("Session cache entry is not in Cloakroom's format; ignoring it");
        return Optional.empty();
    }

    /** Runs a cache call whose failure the caller must hear about. */
    private static <T> T propagating(String action, Supplier<T> operation) {
        try {
            return operation.get();
        } catch (CacheUnavailableException e) {
            throw new SessionStoreException("Session cache unavailable: cannot " + action + " a session", e);
        }
    }
}
