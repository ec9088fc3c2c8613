package dev.cloakroom.store.cache;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.CacheBackend.CasResult;
import dev.cloakroom.cache.CacheOutageLog;
import dev.cloakroom.cache.CacheUnavailableException;
import dev.cloakroom.store.ReplaceOutcome;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionStore;
import dev.cloakroom.store.SessionStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The cache engine: every session is one cache entry under {@code keyPrefix + sessionKey}, living exactly as
 * long as the session (TTL = the record's expiry minus now), so expired sessions vanish by themselves and
 * {@link #clearExpired()} has nothing to do.
 *
 * <p>Entries are in a {@link CacheEntryFormat}: Cloakroom's, whose entries hold whole records so that the
 * conditional {@link #replace} compares them, or Django's, where it compares the session data.
 *
 * <p>Failures: a cache that cannot be read means a missing session, logged but not thrown (Django #17810), so
 * an unreachable cache logs visitors out instead of failing every request; failed writes and deletes throw
 * {@link SessionStoreException}, because silently losing them would resurrect or drop data. A session key the
 * cache cannot hold is never sent to the cache and counts as unknown.
 */
public final class CacheSessionStore implements SessionStore {
    public static final String KEY_PREFIX = "cloakroom.sessions.cache";

    private static final Logger LOG = LoggerFactory.getLogger(CacheSessionStore.class);

    private final CacheBackend cache;
    private final CacheEntryFormat entries;
    private final Clock clock;
    private final CacheOutageLog outage;

    /** A store of Cloakroom's entries under {@code keyPrefix + sessionKey}. */
    public CacheSessionStore(CacheBackend cache, String keyPrefix, Clock clock) {
        this(CacheEntryFormat.cloakroom(cache, keyPrefix), clock);
    }

    /** A store of entries in {@code entries}' format, in its cache. */
    public CacheSessionStore(CacheEntryFormat entries, Clock clock) {
        this.entries = Objects.requireNonNull(entries, "entries");
        this.cache = entries.cache();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.outage = new CacheOutageLog(LOG, "The session cache", clock);
    }

    @Override
    public Optional<SessionRecord> load(String key) {
        String cacheKey = entries.cacheKey(key);
        if (cacheKey == null) {
            return Optional.empty();
        }
        Optional<String> value;
        try {
            value = cache.get(cacheKey);
        } catch (CacheUnavailableException e) {
            // Once per outage: a line per call would flood the log.
            if (outage.failed()) {
                LOG.warn("Session cache unreadable; treating sessions as missing until it answers (further failures"
                        + " are counted, not logged): {}", e.getMessage());
            } else {
                LOG.debug("Session cache unreadable; treating the session as missing: {}", e.getMessage());
            }
            return Optional.empty();
        }
        outage.succeeded();
        return value.flatMap(entries::record).filter(record -> !record.isExpiredAt(clock.instant()));
    }

    @Override
    public boolean exists(String key) {
        String cacheKey = entries.cacheKey(key);
        return cacheKey != null && propagating("check for", () -> cache.contains(cacheKey));
    }

    @Override
    public boolean create(String key, SessionRecord record) {
        Objects.requireNonNull(record, "record");
        String cacheKey = entries.cacheKey(key);
        if (cacheKey == null) {
            // A key the cache cannot hold is never ours to create; the caller will draw another.
            return false;
        }
        return propagating("create", () -> cache.add(cacheKey, entries.entry(record), ttl(record)));
    }

    @Override
    public ReplaceOutcome replace(String key, SessionRecord expected, SessionRecord replacement) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(replacement, "replacement");
        String cacheKey = entries.cacheKey(key);
        if (cacheKey == null) {
            return ReplaceOutcome.MISSING;
        }
        String expectedValue = propagating("replace", () -> entries.expectedEntry(cacheKey, expected));
        if (expected.isExpiredAt(clock.instant())) {
            // The cache may not have evicted it yet, but a dead record must not be revived by a swap.
            Optional<String> current = propagating("replace", () -> cache.get(cacheKey));
            return current.isEmpty() || current.get().equals(expectedValue)
                    ? ReplaceOutcome.MISSING : ReplaceOutcome.CONFLICT;
        }
        CasResult result = propagating("replace",
                () -> cache.compareAndSet(cacheKey, expectedValue, entries.entry(replacement), ttl(replacement)));
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
        String cacheKey = entries.cacheKey(key);
        if (cacheKey != null) {
            propagating("delete", () -> cache.delete(cacheKey));
        }
    }

    /** Nothing to clear: every entry carries its own TTL. */
    @Override
    public OptionalLong clearExpired(Predicate<SessionRecord> expired) {
        return OptionalLong.empty();
    }

    private Duration ttl(SessionRecord record) {
        return Duration.between(clock.instant(), record.expiresAt());
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
