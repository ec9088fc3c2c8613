package dev.cloakroom.store.cache;

import dev.cloakroom.SecurityLog;
import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.codec.SessionCodec;
import dev.cloakroom.python.PickleReader;
import dev.cloakroom.python.PickleWriter;
import dev.cloakroom.python.UnreadablePickleException;
import dev.cloakroom.store.SessionRecord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Django's own cache entries for sessions (SESSION_CACHE_FORMAT {@code django}): under
 * {@code make_key("django.contrib.sessions.cache" + key)} (or {@code cached_db}), the pickled session dict and
 * nothing else, with the entry's TTL as the session's life. This is what Django's cache and cached_db engines
 * write and read through {@code RedisCache}, django-redis or {@code PyMemcacheCache}, so both sides share them.
 *
 * <p>The core works on signed data, so an entry read is turned into a record of the same dict signed afresh, and
 * a record written is unsigned into its dict first (with a codec that stores no value types: typed values are
 * plain dicts to Django anyway). A record read from an entry has no expiry instant of its own: the cache's TTL
 * ends it, as in Django, so its expiry is given as {@link #UNTIL_THE_CACHE_DROPS_IT}, the last second of year
 * 9999 (Python's {@code datetime.max}), which every store and database can still represent.
 *
 * <p>Trust: an entry is not signed. Whoever can write to the cache can write any session (Django's threat
 * model too); what this class guarantees is that a hostile entry is only data: it is read by
 * {@link PickleReader}, which builds plain values and refuses every pickle that names a class or a function, and
 * such an entry is a missing session with a line on the security log.
 */
final class DjangoCacheEntries implements CacheEntryFormat {
    static final Instant UNTIL_THE_CACHE_DROPS_IT = Instant.parse("9999-12-31T23:59:59Z");

    private final CacheBackend cache;
    private final String keyPrefix;
    private final SessionCodec plainCodec;
    private final int pickleProtocol;

    DjangoCacheEntries(CacheBackend djangoValues, String keyPrefix, SessionCodec plainCodec, int pickleProtocol) {
        this.cache = Objects.requireNonNull(djangoValues, "djangoValues");
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
        this.plainCodec = Objects.requireNonNull(plainCodec, "plainCodec");
        this.pickleProtocol = pickleProtocol;
    }

    @Override
    public CacheBackend cache() {
        return cache;
    }

    @Override
    public String cacheKey(String sessionKey) {
        return CacheEntries.cacheKey(keyPrefix, sessionKey);
    }

    @Override
    public String entry(SessionRecord record) {
        byte[] pickle = PickleWriter.write(plainCodec.decode(record.data()), pickleProtocol);
        return new String(pickle, StandardCharsets.ISO_8859_1);
    }

    @Override
    public Optional<SessionRecord> record(String entry) {
        Optional<Map<String, Object>> dict = dict(entry);
        if (dict.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SessionRecord(plainCodec.encode(dict.get()), UNTIL_THE_CACHE_DROPS_IT));
        } catch (RuntimeException unwritable) {
            SecurityLog.suspiciousSession().warn("Session cache entry refused: its values cannot be kept as session"
                    + " data ({})", unwritable.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /** Every record read from an entry: its data is the dict signed afresh here, never the store's own bytes. */
    @Override
    public boolean standsIn(SessionRecord record) {
        return UNTIL_THE_CACHE_DROPS_IT.equals(record.expiresAt());
    }

    /**
     * Compares the values, as the plain codec reads both: the store's data may have been written by Django (its
     * own signature, timestamp and compression) or by the core with value types, which the entry keeps as plain
     * dicts. Data that does not verify is no match: the save then reloads, and the load reports it.
     */
    @Override
    public boolean sameSession(SessionRecord stored, SessionRecord standIn) {
        Optional<Map<String, Object>> values = plainCodec.tryDecode(standIn.data(), null);
        return values.isPresent() && plainCodec.tryDecode(stored.data(), null).equals(values);
    }

    /**
     * The entry under {@code cacheKey} when it holds the data of {@code expected}, so that a save replaces a
     * session Django wrote (whose pickle differs from ours byte for byte); otherwise our own pickle of it, which
     * will not match and makes the save reload.
     */
    @Override
    public String expectedEntry(String cacheKey, SessionRecord expected) {
        Optional<String> current = cache.get(cacheKey);
        if (current.isPresent()) {
            Optional<Map<String, Object>> stored = dict(current.get());
            if (stored.isPresent() && plain(stored.get()).equals(Optional.of(plainCodec.decode(expected.data())))) {
                return current.get();
            }
        }
        return entry(expected);
    }

    /** The same values as the codec reads them back (lists for tuples and sets, Long for small ints). */
    private Optional<Map<String, Object>> plain(Map<String, Object> dict) {
        try {
            return Optional.of(plainCodec.decode(plainCodec.encode(dict)));
        } catch (RuntimeException unwritable) {
            return Optional.empty();
        }
    }

    private static Optional<Map<String, Object>> dict(String entry) {
        Object value;
        try {
            byte[] bytes = entry.getBytes(StandardCharsets.ISO_8859_1);
            value = isDecimal(entry) ? (Object) entry : PickleReader.read(bytes);
        } catch (UnreadablePickleException refused) {
            SecurityLog.suspiciousSession().warn("Session cache entry refused: {}", refused.getMessage());
            return Optional.empty();
        }
        if (!(value instanceof Map<?, ?> map)) {
            SecurityLog.suspiciousSession().warn("Session cache entry refused: it holds a {}, not a session dict",
                    value == null ? "None" : value instanceof String ? "plain integer" : "non-dict value");
            return Optional.empty();
        }
        Map<String, Object> dict = new LinkedHashMap<>();
        for (Map.Entry<?, ?> item : map.entrySet()) {
            if (!(item.getKey() instanceof String key)) {
                SecurityLog.suspiciousSession().warn("Session cache entry refused: a session key is not a str");
                return Optional.empty();
            }
            dict.put(key, item.getValue());
        }
        return Optional.of(dict);
    }

    /** Django's RedisCache and django-redis store a plain int as its digits rather than as a pickle. */
    private static boolean isDecimal(String entry) {
        return !entry.isEmpty() && entry.matches("-?[0-9]+");
    }
}
