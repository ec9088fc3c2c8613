package dev.cloakroom.session;

import dev.cloakroom.SecurityLog;
import dev.cloakroom.SessionInterruptedException;
import dev.cloakroom.codec.SessionCodec;
import dev.cloakroom.store.ReplaceOutcome;
import dev.cloakroom.store.SessionKeys;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionStore;
import dev.cloakroom.store.SessionStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The session semantics every server-side engine shares, over any {@link SessionStore}: key validation,
 * encoding and decoding (once per load, once per write), expiry instants, unique-key creation, and the
 * conditional save that merges concurrent requests' changes instead of letting the last writer win.
 *
 * <p>Save algorithm: write the new record only if the store still holds the record this request loaded.
 * If another request got there first, reload, re-apply this request's own changes (the keys it set or
 * removed, or its clear) to the fresh data, and try again after a short jittered pause. A record that vanished
 * or expired meanwhile is never recreated: {@link SessionInterruptedException}.
 *
 * <p>Retries are bounded by what they can achieve. A conflict after which the store holds a different record
 * is another request's write that got in first: it is merged, however often, since each one is paid for by a
 * write that succeeded (some request always makes progress, and a client can only make a save retry by
 * sending writes of its own). A small bound here fails under real contention: at five, sixteen writers of one
 * session lose writes. {@value #MAX_MERGES} merges is only a backstop against a store whose every read
 * differs. A conflict after which the store holds the same data under a later expiry is another request's
 * write of the same values: the write is tried again, conditional on that record. A conflict after which the
 * store still holds exactly the record the write was conditional on cannot be merged: nothing else wrote, so the
 * store is
 * refusing to match its own record (a column type that changes the data on the way in, say), and retrying
 * cannot help. One more try covers a write that put back the very same record meanwhile; the save gives up
 * after {@value #MAX_CONFLICTS_WITHOUT_PROGRESS} such conflicts, without decoding that record again (an
 * unreadable one would otherwise be reported on every try). Every give-up is explained in one log line and
 * thrown as {@link SessionStoreException}.
 *
 * <p>Expiry of records from stores that keep only when a record was saved (files) is derived here, as
 * Django's file backend derives it: the session's own {@code _session_expiry}, else SESSION_COOKIE_AGE, counted
 * from the save; such a record is dead once its whole-second age is zero, and is deleted when found dead.
 */
final class StorePersistence implements SessionPersistence {
    /**
     * Other requests' writes one save merges before it gives up: a backstop, far beyond what one visitor's
     * concurrent requests cause (browsers open six connections to a host, the contract suites' sixteen
     * writers make 3,200 writes in all), against a misbehaving store whose every read returns another record.
     */
    static final int MAX_MERGES = 10_000;
    /** Conflicts after which the store still holds the expected record, before a save gives up. */
    static final int MAX_CONFLICTS_WITHOUT_PROGRESS = 2;
    private static final Logger LOG = LoggerFactory.getLogger(StorePersistence.class);
    /** Attempts at finding an unused key; a collision of 165-bit keys means the store is misbehaving. */
    static final int MAX_CREATE_ATTEMPTS = 100;

    private final String engineName;
    private final SessionStore store;
    private final SessionCodec codec;
    private final ExpiryPolicy expiry;
    private final SessionKeys keys;
    private final SessionStatistics.Counters counters;
    private final AbsoluteAge absoluteAge;

    StorePersistence(String engineName, SessionStore store, SessionCodec codec, ExpiryPolicy expiry,
            SessionKeys keys, SessionStatistics.Counters counters, AbsoluteAge absoluteAge) {
        this.absoluteAge = absoluteAge;
        this.engineName = engineName;
        this.store = store;
        this.codec = codec;
        this.expiry = expiry;
        this.keys = keys;
        this.counters = counters;
    }

    @Override
    public Loaded load(String key) {
        if (!SessionKeys.isWellFormed(key)) {
            SecurityLog.suspiciousSession().warn("Session key rejected: not 8-40 characters of [a-z0-9] (length {})",
                    key == null ? 0 : key.length());
            return null;
        }
        return loadLive(key);
    }

    @Override
    public boolean exists(String key) {
        return SessionKeys.isWellFormed(key) && store.exists(key);
    }

    @Override
    public Persisted create(Map<String, Object> data) {
        Map<String, Object> copy = new LinkedHashMap<>(data);
        absoluteAge.stampCreated(copy);
        SessionRecord record = recordOf(copy);
        for (int attempt = 0; attempt < MAX_CREATE_ATTEMPTS; attempt++) {
            String key = keys.generate();
            counters.storeWrites.increment();
            if (store.create(key, record)) {
                return new Persisted(key, copy, record);
            }
        }
        String message = "Unable to create a new session key after " + MAX_CREATE_ATTEMPTS
                + " attempts; the " + engineName + " store keeps reporting keys as taken";
        LOG.warn(message);
        throw new SessionStoreException(message);
    }

    @Override
    public Persisted save(String key, Loaded base, Map<String, Object> data, Changes changes) {
        SessionRecord expected = base == null ? null : base.record();
        Map<String, Object> toWrite = new LinkedHashMap<>(data);
        Map<String, Object> previous = base == null ? null : base.data();
        int merges = 0;
        int withoutProgress = 0;
        for (int attempt = 1; ; attempt++) {
            if (expected == null) {
                Loaded current = loadLive(key);
                if (current == null) {
                    throw new SessionInterruptedException();
                }
                expected = current.record();
                toWrite = changes.applyTo(current.data(), data);
                previous = current.data();
            }
            if (expected.isExpiredAt(expiry.now())) {
                // The store may still hold it, but a dead session must not be revived by a save.
                throw new SessionInterruptedException();
            }
            absoluteAge.keepCreated(toWrite, previous);
            SessionRecord replacement = recordOf(toWrite);
            counters.storeWrites.increment();
            ReplaceOutcome outcome = store.replace(key, expected, replacement);
            switch (outcome) {
                case REPLACED:
                    return new Persisted(key, toWrite, replacement);
                case MISSING:
                    throw new SessionInterruptedException();
                case CONFLICT:
                    counters.conflicts.increment();
                    Optional<SessionRecord> sameData = heldWithSameData(key, expected);
                    if (sameData.isPresent() && !rewrittenSince(sameData.get(), expected)) {
                        if (++withoutProgress >= MAX_CONFLICTS_WITHOUT_PROGRESS) {
                            throw giveUp(attempt, "the " + engineName + " store refused " + withoutProgress
                                    + " conditional writes while still holding the record they were"
                                    + " conditional on, so it cannot match its own records");
                        }
                        // Nothing to merge: the same write again.
                    } else {
                        if (++merges > MAX_MERGES) {
                            throw giveUp(attempt, "other requests' writes to the session got in first "
                                    + merges + " times");
                        }
                        // Another request wrote. The same data under a later expiry (two requests that set the
                        // same values at once) needs no merge: the same write again, conditional on the record
                        // as the store holds it now, since one conditional on the older expiry is refused every
                        // time. Anything else is merged with what the store holds.
                        expected = sameData.orElse(null);
                    }
                    pause(attempt);
                    break;
                default:
                    throw new IllegalStateException(outcome.name());
            }
        }
    }

    /**
     * The record the store holds under {@code key} when its data is exactly {@code expected}'s (its expiry may
     * differ), read without decoding it; empty when the data changed or the record is gone.
     */
    private Optional<SessionRecord> heldWithSameData(String key, SessionRecord expected) {
        counters.storeReads.increment();
        return store.load(key).filter(held -> held.data().equals(expected.data()));
    }

    /**
     * Whether {@code held}, with {@code expected}'s data, carries another expiry: rewritten since. A store that
     * keeps no expiry (files: only when each record was saved) conditions its writes on the data alone.
     */
    private static boolean rewrittenSince(SessionRecord held, SessionRecord expected) {
        return held.expiresAt() != null && !held.expiresAt().equals(expected.expiresAt());
    }

    private SessionStoreException giveUp(int attempts, String why) {
        String message = "Session save gave up after " + attempts + " attempts: " + why;
        LOG.warn(message);
        return new SessionStoreException(message);
    }

    @Override
    public void delete(String key) {
        if (SessionKeys.isWellFormed(key)) {
            counters.storeWrites.increment();
            store.delete(key);
        }
    }

    @Override
    public boolean keyIsData() {
        return false;
    }

    /** Removes expired records; see {@link SessionStore#clearExpired}. */
    OptionalLong clearExpired() {
        Instant now = expiry.now();
        return store.clearExpired(record -> record.expiresAt() != null ? record.isExpiredAt(now)
                : isDeadFile(withExpiry(record, quietlyDecoded(record)), now));
    }

    /** The live record under a well-formed key, decoded; null when there is none. */
    private Loaded loadLive(String key) {
        counters.storeReads.increment();
        Optional<SessionRecord> stored = store.load(key);
        if (stored.isEmpty()) {
            return null;
        }
        SessionRecord record = stored.get();
        counters.decodes.increment();
        Optional<Map<String, Object>> decoded = codec.tryDecode(record.data(), null);
        if (decoded.isEmpty()) {
            // Logs why on the security logger; a store with a truer copy then gets to offer it.
            decode(record);
            Optional<SessionRecord> instead = store.reloadRejected(key, record);
            if (instead.isEmpty()) {
                return null;
            }
            if (!instead.get().equals(record)) {
                record = instead.get();
                decoded = Optional.of(decode(record));
            }
        }
        Map<String, Object> data = decoded.orElseGet(LinkedHashMap::new);
        if (absoluteAge.outlived(data)) {
            // Dead however recently used; unconditional, since whatever got written meanwhile is just as dead.
            counters.storeWrites.increment();
            store.delete(key);
            return null;
        }
        if (record.expiresAt() == null) {
            Instant now = expiry.now();
            SessionRecord derived = withExpiry(record, data);
            if (isDeadFile(derived, now)) {
                // Conditional: a save that got in since the read (a Django process's, say) must survive.
                counters.storeWrites.increment();
                store.deleteIfUnchanged(key, record);
                return null;
            }
            record = derived;
        }
        return new Loaded(data, record);
    }

    private Map<String, Object> decode(SessionRecord record) {
        counters.decodes.increment();
        return codec.decode(record.data());
    }

    /**
     * The data for working out a record's expiry while clearing: unreadable data has no expiry of its own, as in
     * Django, and is not reported, since nobody is loading the session.
     */
    private Map<String, Object> quietlyDecoded(SessionRecord record) {
        counters.decodes.increment();
        return codec.tryDecode(record.data(), null).orElseGet(Map::of);
    }

    /** The record with its expiry, derived from its data and save time when the store does not keep it. */
    private SessionRecord withExpiry(SessionRecord record, Map<String, Object> data) {
        if (record.expiresAt() != null) {
            return record;
        }
        return record.withExpiry(expiry.recordExpiry(data, record.savedAt()));
    }

    /**
     * Whether a record whose expiry was derived from its save time is dead at {@code now}: Django's file
     * backend deems a session dead once its whole-second age is zero, up to a second before its expiry instant.
     */
    private static boolean isDeadFile(SessionRecord record, Instant now) {
        return Duration.between(now, record.expiresAt()).getSeconds() <= 0;
    }

    private SessionRecord recordOf(Map<String, Object> data) {
        Instant now = expiry.now();
        counters.encodes.increment();
        return new SessionRecord(codec.encode(data), expiry.recordExpiry(data, now), now);
    }

    /** Spreads retries of colliding requests apart; grows with the attempt, capped at a few milliseconds. */
    private static void pause(int attempt) {
        long maxMicros = Math.min(5_000, 50L * attempt);
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1, maxMicros + 1) * 1_000);
    }
}
