package dev.cloakroom.store;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * Where server-side sessions live: the SPI every server-side engine (db, file, cache, cached_db)
 * implements. A store moves opaque records by key; it knows nothing of session semantics, encoding,
 * expiry rules or merging, which the core applies once for every store.
 *
 * <p>Keys handed to a store by the core are {@linkplain SessionKeys#isWellFormed well formed}: 8 to 40
 * characters of {@code [a-z0-9]} (32 for keys the core generates); anything else a client sends never
 * reaches a store. A store that maps keys onto names of its own (files, cache keys) still refuses a key it
 * cannot hold safely by treating it as unknown.
 *
 * <p>Implementations are thread-safe. Failures of the underlying system surface as
 * {@link SessionStoreException}; a store never returns a half-written record.
 */
public interface SessionStore {

    /**
     * The record under {@code key}, or empty when there is none. A store that keeps each record's expiry
     * returns only live records; a store that keeps only the time a record was saved returns it whatever its
     * age, and the core decides. Loading never creates a record (CVE-2015-5143).
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
     * holds the data of {@code expected} (the record this request loaded or last wrote); atomic with respect
     * to every other call on the same key.
     */
    ReplaceOutcome replace(String key, SessionRecord expected, SessionRecord replacement);

    /** Removes the record under {@code key}; a missing record is not an error. */
    void delete(String key);

    /**
     * Removes the record under {@code key} only if it still holds the data of {@code expected}; atomic like
     * {@link #replace}, so a record written meanwhile survives. The core calls it for a record it found dead
     * on load, which only a store that keeps just the time records were saved returns (files); the default
     * removes nothing and leaves the record to {@link #clearExpired}.
     *
     * @return whether a record was removed
     */
    default boolean deleteIfUnchanged(String key, SessionRecord expected) {
        return false;
    }

    /**
     * What to use instead of {@code rejected}, a record {@link #load} returned whose data the core cannot decode.
     * A store that keeps a copy in front of a truer source (a cache in front of a database) drops the bad copy and
     * answers with the source's record, or empty when the source has none; the core then decodes that instead.
     * The default has no truer source and returns {@code rejected} itself, which the core reads as an empty
     * session, as Django does.
     */
    default Optional<SessionRecord> reloadRejected(String key, SessionRecord rejected) {
        return Optional.of(rejected);
    }

    /**
     * Removes the records that have expired and returns how many were removed, or empty when this store's
     * records expire by themselves (a cache's TTL), so that there is nothing to clear.
     *
     * @param expired whether a record, as {@link #load} returns it, has expired; the core's rule. A store
     *                that keeps each record's expiry may apply {@code expiresAt <= now} directly instead (in
     *                SQL, say), which is what this predicate says of such records
     * @throws dev.cloakroom.ClearExpiredUnsupportedException when the store can neither enumerate its
     *         records nor rely on them expiring by themselves
     */
    OptionalLong clearExpired(Predicate<SessionRecord> expired);
}
