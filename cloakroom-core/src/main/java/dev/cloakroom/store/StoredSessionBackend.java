package dev.cloakroom.store;

import dev.cloakroom.codec.SessionCodec;
import dev.cloakroom.session.ExpiryPolicy;
import dev.cloakroom.session.SecurityLog;
import dev.cloakroom.session.SessionBackend;
import dev.cloakroom.session.SessionInterruptedException;
import dev.cloakroom.session.SessionKeys;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The session semantics every server-side engine shares, over any {@link SessionStore}: key validation,
 * encoding, expiry instants, unique-key creation, and the conditional save that merges concurrent
 * requests' changes instead of letting the last writer win.
 *
 * <p>Save algorithm: write the new record only if the store still holds the record this request loaded.
 * If another request got there first, reload, re-apply this request's own changes (the keys it set or
 * removed, or its clear) to the fresh data, and try again, a bounded number of times with a short jittered
 * pause. A record that vanished meanwhile is never recreated: {@link SessionInterruptedException}.
 */
public final class StoredSessionBackend implements SessionBackend {
    /** Attempts before a save gives up under extreme contention on one session. */
    static final int MAX_SAVE_ATTEMPTS = 100;
    /** Attempts at finding an unused key; a collision of 165-bit keys means the store is misbehaving. */
    static final int MAX_CREATE_ATTEMPTS = 100;

    private final String engineName;
    private final SessionStore store;
    private final SessionCodec codec;
    private final ExpiryPolicy expiry;
    private final SessionKeys keys;

    public StoredSessionBackend(String engineName, SessionStore store, SessionCodec codec, ExpiryPolicy expiry,
            SessionKeys keys) {
        this.engineName = engineName;
        this.store = store;
        this.codec = codec;
        this.expiry = expiry;
        this.keys = keys;
    }

    public SessionStore store() {
        return store;
    }

    @Override
    public String engineName() {
        return engineName;
    }

    @Override
    public Loaded load(String key) {
        if (!SessionKeys.isWellFormed(key)) {
            SecurityLog.suspiciousSession().warn("Session key rejected: not 8-40 characters of [a-z0-9] (length {})",
                    key == null ? 0 : key.length());
            return null;
        }
        Optional<SessionRecord> record = store.load(key);
        return record.map(r -> new Loaded(codec.decode(r.data()), r)).orElse(null);
    }

    @Override
    public boolean exists(String key) {
        return SessionKeys.isWellFormed(key) && store.exists(key);
    }

    @Override
    public Persisted create(Map<String, Object> data) {
        Map<String, Object> copy = new LinkedHashMap<>(data);
        SessionRecord record = recordOf(copy);
        for (int attempt = 0; attempt < MAX_CREATE_ATTEMPTS; attempt++) {
            String key = keys.generate();
            if (store.create(key, record)) {
                return new Persisted(key, copy, record);
            }
        }
        throw new SessionStoreException("Unable to create a new session key after " + MAX_CREATE_ATTEMPTS
                + " attempts; the " + engineName + " store keeps reporting keys as taken");
    }

    @Override
    public Persisted save(String key, Loaded base, Map<String, Object> data, Changes changes) {
        SessionRecord expected = base == null ? null : (SessionRecord) base.version();
        Map<String, Object> toWrite = new LinkedHashMap<>(data);
        for (int attempt = 1; ; attempt++) {
            if (expected == null) {
                Optional<SessionRecord> current = store.load(key);
                if (current.isEmpty()) {
                    throw new SessionInterruptedException();
                }
                expected = current.get();
                toWrite = changes.applyTo(codec.decode(expected.data()), data);
            }
            SessionRecord replacement = recordOf(toWrite);
            ReplaceOutcome outcome = store.replace(key, expected, replacement);
            switch (outcome) {
                case REPLACED:
                    return new Persisted(key, toWrite, replacement);
                case MISSING:
                    throw new SessionInterruptedException();
                case CONFLICT:
                    if (attempt >= MAX_SAVE_ATTEMPTS) {
                        throw new SessionStoreException("Session save gave up after " + attempt
                                + " conflicting concurrent writes to one session");
                    }
                    expected = null;
                    pause(attempt);
                    break;
                default:
                    throw new IllegalStateException(outcome.name());
            }
        }
    }

    @Override
    public void delete(String key) {
        if (SessionKeys.isWellFormed(key)) {
            store.delete(key);
        }
    }

    /** Removes expired records; see {@link SessionStore#clearExpired()}. */
    public long clearExpired() {
        return store.clearExpired();
    }

    private SessionRecord recordOf(Map<String, Object> data) {
        return new SessionRecord(codec.encode(data), expiry.recordExpiry(data, expiry.now()));
    }

    /** Spreads retries of colliding requests apart; grows with the attempt, capped at a few milliseconds. */
    private static void pause(int attempt) {
        long maxMicros = Math.min(5_000, 50L * attempt);
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1, maxMicros + 1) * 1_000);
    }
}
