package dev.cloakroom.store;

import java.util.Optional;

/**
 * Where server-side sessions live: the SPI every server-side engine (db, file, cache, cached_db)
 * implements. A store moves opaque records; it knows nothing of session semantics, encoding or merging,
 * which live once in {@link StoredSessionBackend}.
 *
 * <p>Keys handed to a store by the core are 8 to 40 characters of {@code [a-z0-9]} (32 for keys the core
 * generates); anything else a client sends never reaches a store. A store that can also be called directly and
 * maps keys onto names of its own (files, cache keys) still refuses characters it cannot hold safely, by
 * treating such a key as unknown.
 *
 * <p>Implementations are thread-safe. Failures of the underlying system surface as
 * {@link SessionStoreException}; a store never returns a half-written record.
 */
public interface SessionStore {

    /**
     * The live record under {@code key}, or empty when there is none or it has expired. Loading never
     * creates a record (CVE-2015-5143).
     */
    Optional<SessionRecord> load(String key);

    /** Whether any record exists under {@code key}, live or not yet purged (Django's {@code exists}). */
    boolean exists(String key);

    /**
     * Inserts {@code record} under {@code key} only if no record exists there; atomic.
     *
     * @return true if inserted, false if the key is taken (the caller picks another key)
     */
    boolean create(String key, SessionRecord record);

    /**
     * Replaces the record under {@code key} with {@code replacement}, but only if the stored record still
     * equals {@code expected}; atomic with respect to every other call on the same key.
     */
    ReplaceOutcome replace(String key, SessionRecord expected, SessionRecord replacement);

    /** Removes the record under {@code key}; a missing record is not an error. */
    void delete(String key);

    /**
     * Removes expired records and returns how many were removed.
     *
     * @throws ClearExpiredUnsupportedException when the store cannot enumerate its records (it relies on
     *         a TTL instead, as caches do) - callers report that the engine cannot clear expired sessions
     */
    long clearExpired();
}
