package dev.cloakroom.cache;

import java.time.Duration;
import java.util.Optional;

/**
 * The slice of a cache that sessions need. Local (Caffeine), Redis and Memcached implement it, and each
 * passes {@code CacheBackendContract} from the testkit.
 *
 * <p>Values are strings (encoded session data). Every entry has a time to live; an expired entry is
 * indistinguishable from a missing one. A TTL of zero or less means the entry is dead at once: writing
 * it removes any entry under the key. Implementations are thread-safe; failures of the cache system
 * surface as {@link CacheUnavailableException}.
 *
 * <p>Keys are what every cache can hold, Memcached included: at most 250 bytes of UTF-8 (with the backend's own
 * prefix), no spaces or control characters. Every key Cloakroom makes is one; a backend may refuse another with
 * {@link IllegalArgumentException} before sending it, as Django's memcached backends refuse such keys.
 */
public interface CacheBackend extends AutoCloseable {

    /** The live value under {@code key}, or empty. */
    Optional<String> get(String key);

    /** Stores {@code value} under {@code key}, replacing whatever is there. */
    void set(String key, String value, Duration ttl);

    /**
     * Stores {@code value} only if no live entry exists under {@code key}; atomic.
     *
     * @return true if stored
     */
    boolean add(String key, String value, Duration ttl);

    /**
     * Replaces the value under {@code key} only if it still equals {@code expected}; atomic with respect
     * to every other operation on the key.
     */
    CasResult compareAndSet(String key, String expected, String value, Duration ttl);

    /**
     * The live value under {@code key}; when there is none, stores {@code value} as {@link #add} would and
     * answers it. So the answer is {@code value} exactly when this call stored it (or an equal value was already
     * there), another value when one was live, and empty only when an entry appeared and vanished between the
     * two steps of a cache without a single operation for this. A cache that has one (a script, an atomic map
     * operation) overrides this, so that a read that misses costs one call instead of a {@link #get} and an
     * {@link #add}.
     */
    default Optional<String> getOrAdd(String key, String value, Duration ttl) {
        Optional<String> current = get(key);
        if (current.isPresent()) {
            return current;
        }
        return add(key, value, ttl) ? Optional.of(value) : get(key);
    }

    /** Removes the entry under {@code key}; returns whether one was there. */
    boolean delete(String key);

    /** Whether a live entry exists under {@code key}. */
    default boolean contains(String key) {
        return get(key).isPresent();
    }

    /**
     * This cache as Django's cache backend for it sees it, for entries shared with Django (SESSION_CACHE_FORMAT
     * {@code django}); empty when the backend cannot hold them. Keys are this backend's keys. Each value is a
     * byte string, one char per byte (U+0000 to U+00FF, as ISO-8859-1 maps them): a pickle, or a decimal integer,
     * which is how Django's {@code RedisCache} and django-redis store a plain int. The view frames these bytes as
     * Django's client for the server does (on Memcached, pymemcache's flags: pickle for a pickle, integer for
     * digits), so that what it writes is what Django would have written, and what Django writes reads back.
     * It shares this backend's connection and is closed with it.
     */
    default Optional<CacheBackend> djangoValues() {
        return Optional.empty();
    }

    /** Releases connections; the default does nothing. */
    @Override
    default void close() {
    }

    /** What {@link #compareAndSet} did. */
    enum CasResult {
        /** The value was the expected one and was replaced. */
        SWAPPED,
        /** Another value is there now; nothing was written. */
        CHANGED,
        /** No live entry under the key; nothing was written. */
        ABSENT
    }
}
