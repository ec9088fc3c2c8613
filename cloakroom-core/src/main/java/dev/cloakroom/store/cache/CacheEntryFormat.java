package dev.cloakroom.store.cache;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.codec.SessionCodec;
import dev.cloakroom.store.SessionRecord;

import java.util.Optional;

/**
 * How session records are kept in a cache: the cache they live in, the key for a session and the value for a
 * record. Two formats exist, chosen by SESSION_CACHE_FORMAT: Cloakroom's signed entries ({@link #cloakroom}) and
 * Django's pickled session dicts ({@link #django}). The cache and cached_db stores work with either.
 */
public interface CacheEntryFormat {
    /** Django's prefix for the cache engine's keys ({@code django.contrib.sessions.cache.KEY_PREFIX}). */
    String DJANGO_CACHE_PREFIX = "django.contrib.sessions.cache";
    /** Django's prefix for the cached_db engine's keys ({@code django.contrib.sessions.cached_db.KEY_PREFIX}). */
    String DJANGO_CACHED_DB_PREFIX = "django.contrib.sessions.cached_db";

    /** The cache the entries are kept in. */
    CacheBackend cache();

    /** The cache key for {@code sessionKey}, or null (and a security warning) when a cache cannot hold it. */
    String cacheKey(String sessionKey);

    /** The entry holding {@code record}. */
    String entry(SessionRecord record);

    /**
     * The record in {@code entry}, or empty, with a security warning, when the entry is not a session in this
     * format (the caller treats it as missing).
     */
    Optional<SessionRecord> record(String entry);

    /**
     * What a compare-and-set must expect under {@code cacheKey} to replace {@code expected}, the record a request
     * loaded or last wrote. In a format that reads back exactly what it wrote, {@link #entry}; in one that another
     * program writes too, the entry in the cache when it holds the same session data.
     */
    default String expectedEntry(String cacheKey, SessionRecord expected) {
        return entry(expected);
    }

    /**
     * Whether {@code record}, read from an entry of this format, only stands in for the store's record: it holds
     * the session's values but not the store's exact data, which a conditional write on the store compares
     * against. Cloakroom's entries carry the store's record as it is, so never; Django's carry the pickled dict
     * alone, so every record they give back is re-encoded here.
     */
    default boolean standsIn(SessionRecord record) {
        return false;
    }

    /**
     * Whether {@code stored}, the store's own record, holds the same session as {@code standIn}, a record
     * {@link #standsIn} says was read from an entry. Only asked for records that stand in.
     */
    default boolean sameSession(SessionRecord stored, SessionRecord standIn) {
        return stored.data().equals(standIn.data());
    }

    /** Cloakroom's format, under {@code keyPrefix + sessionKey}. */
    static CacheEntryFormat cloakroom(CacheBackend cache, String keyPrefix) {
        return new CacheEntries(cache, keyPrefix);
    }

    /**
     * Django's format, under {@code keyPrefix + sessionKey}, in {@code djangoValues} (a cache's
     * {@link CacheBackend#djangoValues() view of Django's values}).
     *
     * @param plainCodec     a codec that stores no value types, turning the core's data into plain dicts and back
     * @param pickleProtocol the protocol Django's backend writes (4 or 5)
     */
    static CacheEntryFormat django(CacheBackend djangoValues, String keyPrefix, SessionCodec plainCodec,
            int pickleProtocol) {
        return new DjangoCacheEntries(djangoValues, keyPrefix, plainCodec, pickleProtocol);
    }
}
