package dev.cloakroom.store.cache;

import dev.cloakroom.SecurityLog;
import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.store.SessionKeys;
import dev.cloakroom.store.SessionRecord;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How session records are kept in a cache: the cache key ({@code keyPrefix + sessionKey}) and the entry,
 * {@code <epochSecond>.<nanosecond, 9 digits>:<encoded data>}: the record's expiry instant followed by its
 * data, so that reading an entry back gives a record equal to the one written and a compare-and-set can
 * compare whole records. Shared by the cache engine's store and the caching store of cached_db, each under a
 * prefix of its own.
 *
 * <p>This differs from Django, which pickles the session dict into the cache; a Django process cannot read these
 * entries ({@link DjangoCacheEntries} writes Django's).
 */
final class CacheEntries implements CacheEntryFormat {
    /** Memcached's key limit; Redis and the local cache accept more, but sessions must fit every cache. */
    static final int MAX_CACHE_KEY_BYTES = 250;
    private static final int NANO_DIGITS = 9;

    private final CacheBackend cache;
    private final String keyPrefix;

    CacheEntries(CacheBackend cache, String keyPrefix) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
    }

    @Override
    public CacheBackend cache() {
        return cache;
    }

    @Override
    public String cacheKey(String sessionKey) {
        return cacheKey(keyPrefix, sessionKey);
    }

    @Override
    public String entry(SessionRecord record) {
        return format(record);
    }

    @Override
    public Optional<SessionRecord> record(String entry) {
        return parse(entry);
    }

    /** {@code keyPrefix + sessionKey}, or null (and a security warning) when a cache cannot hold it. */
    static String cacheKey(String keyPrefix, String sessionKey) {
        if (sessionKey == null || sessionKey.isEmpty()) {
            return null;
        }
        if (!SessionKeys.isWellFormed(sessionKey)) {
            SecurityLog.suspiciousSession().warn(
                    "Session key rejected by the cache store: not 8-40 characters of [a-z0-9] (length {})",
                    sessionKey.length());
            return null;
        }
        String cacheKey = keyPrefix + sessionKey;
        if (cacheKey.getBytes(StandardCharsets.UTF_8).length > MAX_CACHE_KEY_BYTES) {
            SecurityLog.suspiciousSession().warn("Session key rejected by the cache store: the cache key is too long");
            return null;
        }
        return cacheKey;
    }

    /** The entry holding {@code record}. */
    static String format(SessionRecord record) {
        Instant expiresAt = record.expiresAt();
        String nanos = Integer.toString(expiresAt.getNano());
        StringBuilder entry = new StringBuilder(32 + record.data().length())
                .append(expiresAt.getEpochSecond()).append('.');
        for (int i = nanos.length(); i < NANO_DIGITS; i++) {
            entry.append('0');
        }
        return entry.append(nanos).append(':').append(record.data()).toString();
    }

    /** The record in an entry, or empty (and a security warning) when the entry is not in this format. */
    static Optional<SessionRecord> parse(String entry) {
        int colon = entry.indexOf(':');
        int dot = entry.indexOf('.');
        if (dot > 0 && colon == dot + 1 + NANO_DIGITS) {
            try {
                long seconds = Long.parseLong(entry, 0, dot, 10);
                int nanos = Integer.parseInt(entry, dot + 1, colon, 10);
                if (nanos >= 0) {
                    return Optional.of(new SessionRecord(entry.substring(colon + 1),
                            Instant.ofEpochSecond(seconds, nanos)));
                }
            } catch (NumberFormatException | DateTimeException malformed) {
                // reported below
            }
        }
        SecurityLog.suspiciousSession().warn("Session cache entry is not in Cloakroom's format; ignoring it");
        return Optional.empty();
    }
}
