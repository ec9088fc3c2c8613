package dev.cloakroom.store.cache;

import dev.cloakroom.SecurityLog;
import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.CacheOutageLog;
import dev.cloakroom.cache.CacheSkippedException;
import dev.cloakroom.cache.CacheUnavailableException;
import dev.cloakroom.cache.CircuitBreakingCacheBackend;
import dev.cloakroom.store.ReplaceOutcome;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * A cache in front of any store (the cached_db engine is this around the db store). The wrapped store is the
 * truth; the cache only saves reads. Every cache failure is logged and otherwise ignored, so a cache outage
 * slows requests down but never fails one.
 *
 * <p>Writes go to the store first and then refresh the cache. When the store reports that the record changed
 * or vanished, the cache entry is dropped so the next load reads the store: a stale cache entry therefore
 * costs at most one retried save, never a lost update.
 *
 * <p>The cache never goes back to an older record, which would break read-your-writes: a request would load
 * a session without its own last save, and its next save would write values computed from that. So a save
 * swaps the entry from the record it replaced to its replacement, and drops the entry when the cache holds
 * anything else (another save got there first). A load that misses first reserves the entry with a lease,
 * reads the store, and swaps the lease for the record; a save meanwhile finds the lease instead of the record
 * it replaced and drops it, so the record read before that save is never cached (the leases of memcache).
 *
 * <p>A cache that answers reads but fails writes could keep serving an entry this process failed to replace
 * or drop (after a save, a conflict or a logout). Such keys are remembered as suspect, up to
 * {@value #MAX_SUSPECTS} of them, and read from the store until dropping their entry succeeds. Behind a
 * {@link CircuitBreakingCacheBackend}, the breaker drops every suspect entry before it lets calls reach the cache
 * again, so a session saved or logged out while the cache was skipped is never served stale by another process
 * sharing the cache once the cache answers. Without a breaker (or for a key this process forgot: it restarted,
 * or remembered more than {@value #MAX_SUSPECTS}), other processes learn of a stale entry at their next save of
 * that session, whose conflict makes them drop or distrust it in turn, or when the entry's TTL ends.
 *
 * <p>Each operation makes at most one failing cache call: after a failure it goes on with the store alone. So
 * behind a {@link dev.cloakroom.cache.CircuitBreakingCacheBackend}, a cache that hangs costs a request at most
 * one timeout before the breaker opens, and nothing after. A cache entry whose data the core cannot decode is
 * replaced by the store's record ({@link #reloadRejected}), never served as an empty session that a save would
 * then write over the store's data.
 *
 * <p>A format whose entries hold only the session's values (Django's pickled dicts) gives back records that
 * stand in for the store's: their data is re-encoded here, so a conditional write on the store, which compares
 * its exact data, could never name them. A save or a conditional delete of such a record first reads the store's
 * own record, and makes the write conditional on it when it holds the same session; otherwise the entry is stale,
 * is dropped, and the write is refused as a conflict, which makes the core reload from the store. So in that
 * format a save costs one read of the store more, and nothing is lost: the write is still conditional on what
 * the request loaded.
 *
 * <p>Reads are cached only for stores that keep each record's expiry (the db store): a cache entry needs its TTL,
 * and a store that keeps only when a record was saved (files) leaves the expiry to the core above this class.
 */
public final class CachingSessionStore implements SessionStore {
    /** Cache keys of cached_db sessions; distinct from the cache engine's, and from Django's pickled entries. */
    public static final String KEY_PREFIX = "cloakroom.sessions.cached_db";

    private static final Logger LOG = LoggerFactory.getLogger(CachingSessionStore.class);
    /** Starts a lease value; a record's entry starts with its expiry's epoch second, so never with this. */
    private static final String LEASE_PREFIX = "lease:";
    /** Longer than any store read; a lease that outlives its load only costs reads from the store. */
    private static final Duration LEASE_TTL = Duration.ofSeconds(30);
    /** How many suspect keys a process remembers; beyond that the longest-suspect are trusted again. */
    static final int MAX_SUSPECTS = 100_000;

    private final SessionStore store;
    private final CacheBackend cache;
    private final Clock clock;
    private final CacheEntryFormat entries;
    private final CacheOutageLog outage;
    /** Cache keys whose entry may be stale because replacing or dropping it failed. */
    private final SuspectKeys suspects = new SuspectKeys(MAX_SUSPECTS);

    /** Cloakroom's entries under {@code keyPrefix + sessionKey} in {@code cache}, in front of {@code store}. */
    public CachingSessionStore(SessionStore store, CacheBackend cache, String keyPrefix, Clock clock) {
        this(store, CacheEntryFormat.cloakroom(cache, keyPrefix), clock);
    }

    /** Entries in {@code entries}' format, in its cache, in front of {@code store}. */
    public CachingSessionStore(SessionStore store, CacheEntryFormat entries, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.entries = Objects.requireNonNull(entries, "entries");
        this.cache = entries.cache();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.outage = new CacheOutageLog(LOG, "The session cache", clock);
        if (cache instanceof CircuitBreakingCacheBackend breaker) {
            breaker.beforeClosing(this::dropSuspects);
        }
    }

    /**
     * Drops every suspect entry from {@code answering}, the cache behind the breaker, before the breaker lets
     * calls through again; a failure propagates and keeps the breaker open. Repeats while keys were added
     * meanwhile (calls are still skipped during a probe), so that none is left behind.
     */
    private void dropSuspects(CacheBackend answering) {
        for (int pass = 0; pass < 3; pass++) {
            List<String> keys = suspects.snapshot();
            if (keys.isEmpty()) {
                return;
            }
            for (String cacheKey : keys) {
                answering.delete(cacheKey);
                suspects.remove(cacheKey);
            }
        }
    }

    /**
     * Remembers {@code cacheKey} as suspect after {@code failure}; if that was a breaker's skip and the breaker
     * closed meanwhile (after its last sweep of the suspects), drops the entry at once, since no sweep will.
     */
    private void suspect(String cacheKey, RuntimeException failure) {
        suspects.add(cacheKey);
        if (failure instanceof CacheSkippedException && cache instanceof CircuitBreakingCacheBackend breaker
                && breaker.isClosed()) {
            try {
                cache.delete(cacheKey);
                suspects.remove(cacheKey);
            } catch (RuntimeException stillFailing) {
                LOG.debug("Session cache failed to drop a suspect entry: {}", stillFailing.getMessage());
            }
        }
    }

    /** The store behind the cache. */
    public SessionStore store() {
        return store;
    }

    @Override
    public Optional<SessionRecord> load(String key) {
        String cacheKey = entries.cacheKey(key);
        if (cacheKey == null || !trusted(cacheKey)) {
            return store.load(key);
        }
        // The read that misses also reserves the entry with a lease (one call where the cache can do both).
        String lease = newLease();
        Optional<String> entry;
        try {
            entry = cache.getOrAdd(cacheKey, lease, LEASE_TTL);
            outage.succeeded();
        } catch (RuntimeException cacheFailed) {
            // One failed call per operation: a cache that just failed is not asked for a lease and a fill too.
            reportFailure("read", cacheFailed);
            return store.load(key);
        }
        boolean leased = entry.isPresent() && entry.get().equals(lease);
        if (entry.isPresent() && !leased && !isLease(entry.get())) {
            String value = entry.get();
            Optional<SessionRecord> cached = entries.record(value)
                    .filter(record -> !record.isExpiredAt(clock.instant()));
            if (cached.isPresent()) {
                return cached;
            }
            // No usable record (not in our format, or expired): drop it, unless a save replaced it meanwhile,
            // and reserve the entry for the fill.
            quietly("delete", () -> cache.compareAndSet(cacheKey, value, value, Duration.ZERO), null);
            leased = takeLease(cacheKey, lease);
        }
        Optional<SessionRecord> stored = store.load(key);
        if (leased) {
            fill(cacheKey, lease, stored);
        }
        return stored;
    }

    /**
     * The store's record in place of {@code rejected}, whose data the core could not decode. When the bad data
     * came from the cache (the store holds other data), the entry is swapped for the store's record, or dropped
     * when the store has none, unless a save replaced it meanwhile; a bad record in the store itself is the
     * store's to answer for, and is returned as it is.
     */
    @Override
    public Optional<SessionRecord> reloadRejected(String key, SessionRecord rejected) {
        Optional<SessionRecord> stored = store.load(key);
        if (stored.isPresent() && stored.get().data().equals(rejected.data())) {
            return store.reloadRejected(key, stored.get());
        }
        String cacheKey = entries.cacheKey(key);
        if (cacheKey != null && rejected.expiresAt() != null) {
            SecurityLog.suspiciousSession().warn(
                    "Session cache entry holds data that cannot be decoded; replacing it with the store's record");
            String bad = entries.entry(rejected);
            quietly("replace", () -> stored.isPresent() && stored.get().expiresAt() != null
                    ? cache.compareAndSet(cacheKey, bad, entries.entry(stored.get()), ttl(stored.get()))
                    : cache.compareAndSet(cacheKey, bad, bad, Duration.ZERO), null);
        }
        return stored;
    }

    @Override
    public boolean exists(String key) {
        String cacheKey = entries.cacheKey(key);
        // Only a live cached record answers for the store: one dead by the clock may be purged there already.
        if (cacheKey != null && trusted(cacheKey) && quietly("check", () -> cache.get(cacheKey), Optional.<String>empty())
                .filter(entry -> !isLease(entry)).flatMap(entries::record)
                .filter(record -> !record.isExpiredAt(clock.instant())).isPresent()) {
            return true;
        }
        return store.exists(key);
    }

    @Override
    public boolean create(String key, SessionRecord record) {
        boolean created = store.create(key, record);
        if (created) {
            remember(entries.cacheKey(key), record);
        }
        return created;
    }

    @Override
    public ReplaceOutcome replace(String key, SessionRecord expected, SessionRecord replacement) {
        String cacheKey = entries.cacheKey(key);
        SessionRecord condition = expected;
        if (entries.standsIn(expected)) {
            Optional<SessionRecord> stored = store.load(key);
            if (stored.isEmpty() || !entries.sameSession(stored.get(), expected)) {
                // The entry is stale: the next load must read the store, and a save retried after it the truth.
                forget(cacheKey);
                return stored.isEmpty() ? ReplaceOutcome.MISSING : ReplaceOutcome.CONFLICT;
            }
            condition = stored.get();
        }
        ReplaceOutcome outcome = store.replace(key, condition, replacement);
        if (cacheKey == null) {
            return outcome;
        }
        if (outcome == ReplaceOutcome.REPLACED) {
            try {
                CacheBackend.CasResult swapped = cache.compareAndSet(cacheKey, entries.entry(expected),
                        entries.entry(replacement), ttl(replacement));
                outage.succeeded();
                if (swapped == CacheBackend.CasResult.SWAPPED) {
                    return outcome;
                }
            } catch (RuntimeException cacheFailed) {
                // The entry may still hold the record just replaced; a delete now would most likely fail too.
                reportFailure("write", cacheFailed);
                suspect(cacheKey, cacheFailed);
                return outcome;
            }
        }
        forget(cacheKey);
        return outcome;
    }

    @Override
    public void delete(String key) {
        store.delete(key);
        forget(entries.cacheKey(key));
    }

    @Override
    public boolean deleteIfUnchanged(String key, SessionRecord expected) {
        SessionRecord condition = expected;
        if (entries.standsIn(expected)) {
            Optional<SessionRecord> stored = store.load(key).filter(record -> entries.sameSession(record, expected));
            if (stored.isEmpty()) {
                forget(entries.cacheKey(key));
                return false;
            }
            condition = stored.get();
        }
        boolean deleted = store.deleteIfUnchanged(key, condition);
        if (deleted) {
            forget(entries.cacheKey(key));
        }
        return deleted;
    }

    /** The store's; cache entries expire by their TTL. */
    @Override
    public OptionalLong clearExpired(Predicate<SessionRecord> expired) {
        return store.clearExpired(expired);
    }

    private void remember(String cacheKey, SessionRecord record) {
        if (cacheKey == null) {
            return;
        }
        quietly("write", () -> {
            cache.set(cacheKey, entries.entry(record), ttl(record));
            return null;
        }, null);
    }

    /** Reserves an empty entry for a load about to read the store; false when another load holds it. */
    private boolean takeLease(String cacheKey, String lease) {
        return quietly("write", () -> cache.add(cacheKey, lease, LEASE_TTL), false);
    }

    /**
     * Swaps {@code lease} for the record read from the store, or ends it when there was none (a write with a
     * TTL of zero removes the entry); does nothing when a save took the lease away meanwhile.
     */
    private void fill(String cacheKey, String lease, Optional<SessionRecord> stored) {
        // A store that keeps no expiry instant (files) leaves its records' expiry to the core: nothing to cache.
        quietly("write", () -> stored.isPresent() && stored.get().expiresAt() != null
                ? cache.compareAndSet(cacheKey, lease, entries.entry(stored.get()), ttl(stored.get()))
                : cache.compareAndSet(cacheKey, lease, lease, Duration.ZERO), null);
    }

    /**
     * A lease no other load holds. It needs to be unique, not secret (whoever can write the cache can write
     * any entry), and is made on every load, hits included: so from the thread's own generator, never the
     * shared SecureRandom behind {@code UUID.randomUUID()}.
     */
    private static String newLease() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return LEASE_PREFIX + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
    }

    private static boolean isLease(String entry) {
        return entry.startsWith(LEASE_PREFIX);
    }

    private Duration ttl(SessionRecord record) {
        return Duration.between(clock.instant(), record.expiresAt());
    }

    /** Whether the entry under {@code cacheKey} may be read: it is not suspect, or dropping it now succeeds. */
    private boolean trusted(String cacheKey) {
        return !suspects.contains(cacheKey) || forget(cacheKey);
    }

    /**
     * Drops the entry; when the cache refuses, remembers the key as suspect so this process stops reading it.
     *
     * @return whether the entry is gone (or there was nothing to drop)
     */
    private boolean forget(String cacheKey) {
        if (cacheKey == null) {
            return true;
        }
        try {
            cache.delete(cacheKey);
            outage.succeeded();
            suspects.remove(cacheKey);
            return true;
        } catch (RuntimeException e) {
            reportFailure("drop (reading that session from the store until it can)", e);
            suspect(cacheKey, e);
            return false;
        }
    }

    private <T> T quietly(String action, Supplier<T> operation, T fallback) {
        try {
            T result = operation.get();
            outage.succeeded();
            return result;
        } catch (RuntimeException e) {
            reportFailure(action, e);
            return fallback;
        }
    }

    /**
     * A cache that is down is logged once per outage, as an error (as Django's cached_db logs it), and again when
     * it answers; a line and a stack trace per call flooded the log. Anything else is a bug worth a stack trace
     * each time.
     */
    private void reportFailure(String action, RuntimeException failure) {
        if (!(failure instanceof CacheUnavailableException)) {
            LOG.error("Session cache failed to {} an entry; using the store alone", action, failure);
        } else if (outage.failed()) {
            LOG.error("Session cache failed to {} an entry; using the store alone until it answers (further failures"
                    + " are counted, not logged): {}", action, failure.getMessage());
        } else {
            LOG.debug("Session cache failed to {} an entry; using the store alone: {}", action, failure.getMessage());
        }
    }
}
