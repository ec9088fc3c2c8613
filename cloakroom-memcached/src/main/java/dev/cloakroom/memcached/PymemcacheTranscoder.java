package dev.cloakroom.memcached;

import net.rubyeye.xmemcached.transcoders.CachedData;

import java.nio.charset.StandardCharsets;

/**
 * Values framed as pymemcache's {@code pickle_serde} frames them, which Django's {@code PyMemcacheCache} uses: a
 * pickle with flags {@value #FLAG_PICKLE}, a plain int as its decimal digits with flags {@value #FLAG_INTEGER}
 * (or {@value #FLAG_LONG}, as Python 2 wrote longs). Values are byte strings, one char per byte, as
 * {@link dev.cloakroom.cache.CacheBackend#djangoValues()} defines them.
 *
 * <p>Anything else (flags 0, raw bytes; flags 16, text) is a value Django would read as bytes or str, never as a
 * session, and is refused with {@link TextTranscoder.UnreadableValueException}. A value that is not a pickle but
 * carries the pickle flag (a lease of the cached_db engine) is read by pymemcache as None, a miss, which is what
 * Django should make of it.
 */
final class PymemcacheTranscoder extends FixedFormatTranscoder {
    static final int FLAG_PICKLE = 1;
    static final int FLAG_INTEGER = 1 << 1;
    static final int FLAG_LONG = 1 << 2;

    PymemcacheTranscoder() {
        super("byte strings");
    }

    @Override
    public CachedData encode(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
        return new CachedData(isDecimal(value) ? FLAG_INTEGER : FLAG_PICKLE, bytes);
    }

    @Override
    public String decode(CachedData data) {
        int flags = data.getFlag();
        byte[] bytes = data.getData() == null ? new byte[0] : data.getData();
        String value = new String(bytes, StandardCharsets.ISO_8859_1);
        if (flags == FLAG_PICKLE) {
            return value;
        }
        if ((flags == FLAG_INTEGER || flags == FLAG_LONG) && isDecimal(value)) {
            return value;
        }
        throw new TextTranscoder.UnreadableValueException("the entry has flags " + flags
                + ", which pymemcache reads as something other than a pickle or an int");
    }

    private static boolean isDecimal(String value) {
        return !value.isEmpty() && value.matches("-?[0-9]+");
    }
}
