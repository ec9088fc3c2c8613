package dev.cloakroom.session;

import dev.cloakroom.SessionInterruptedException;
import dev.cloakroom.store.SessionRecord;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * How a {@link Session} is persisted, one implementation per place sessions are kept: {@link StorePersistence}
 * over any {@link dev.cloakroom.store.SessionStore}, {@link SignedCookiePersistence} in the cookie itself. The
 * Session owns all of Django's dict and expiry semantics; persistence only loads, encodes and writes.
 */
interface SessionPersistence {

    /**
     * The data held under {@code key}, or null when the key is unknown, expired, malformed or its data
     * cannot be read (the last two are reported on the security log). Never creates a record.
     */
    Loaded load(String key);

    /** Whether a record exists under {@code key}. Always false where nothing is kept on the server. */
    boolean exists(String key);

    /**
     * Persists {@code data} as a new session under a fresh key (Django's {@code create()} /
     * {@code save(must_create=True)}), retrying on key collisions.
     */
    Persisted create(Map<String, Object> data);

    /**
     * Persists this request's changes to the session under {@code key} that was loaded as {@code base}
     * (null if the request never loaded it). When another request changed the record meanwhile, the
     * record is reloaded and only {@code changes} are re-applied to it, so neither request's writes are lost.
     *
     * @return what is now stored, possibly merged with other requests' changes
     * @throws SessionInterruptedException when the record no longer exists (Django's {@code UpdateError})
     */
    Persisted save(String key, Loaded base, Map<String, Object> data, Changes changes);

    /** Removes the record under {@code key}; a missing record is not an error. */
    void delete(String key);

    /**
     * Whether the session key is the data itself (signed_cookies). Such an engine keeps nothing to delete,
     * so deleting a session means forgetting it and sending a cookie that says so, and every save yields a
     * new cookie value that must be sent. Django's signed_cookies {@code delete()} and {@code save()} do
     * exactly this.
     */
    boolean keyIsData();

    /**
     * Data loaded from the store, with the record it was read from (null where nothing is kept on the
     * server), which the conditional save compares against. {@code reissue} asks the session to count as
     * modified, so the middleware replaces what the client sent (the signed_cookies engine does this for a
     * cookie it refused, exactly as Django does).
     */
    record Loaded(Map<String, Object> data, SessionRecord record, boolean reissue) {
        Loaded(Map<String, Object> data, SessionRecord record) {
            this(data, record, false);
        }
    }

    /** What a create or save left in the store: the key (the cookie value), the data, and its record. */
    record Persisted(String key, Map<String, Object> data, SessionRecord record) {
        Loaded asLoaded() {
            return new Loaded(data, record);
        }
    }

    /**
     * This request's own changes: the keys it set or removed, and whether it cleared the whole session
     * first. Re-applying them to another request's data reproduces exactly this request's intent.
     */
    record Changes(boolean cleared, Set<String> touchedKeys) {
        /** Applies these changes, with values taken from {@code mine}, onto {@code theirs}. */
        Map<String, Object> applyTo(Map<String, Object> theirs, Map<String, Object> mine) {
            Map<String, Object> merged = new LinkedHashMap<>();
            if (!cleared) {
                merged.putAll(theirs);
            }
            for (String key : touchedKeys) {
                if (mine.containsKey(key)) {
                    merged.put(key, mine.get(key));
                } else {
                    merged.remove(key);
                }
            }
            return merged;
        }
    }
}
