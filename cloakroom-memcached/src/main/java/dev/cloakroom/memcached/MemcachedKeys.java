package dev.cloakroom.memcached;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What Memcached accepts as a key: at most {@value MemcachedCacheConfig#MAX_KEY_BYTES} bytes of UTF-8 and no
 * space or control character, because the text protocol ends a key at whitespace and a line at CR LF (a key
 * holding them would be read as another command).
 */
final class MemcachedKeys {
    private MemcachedKeys() {
    }

    /** The index of the first character no Memcached key may hold, or -1. */
    static int firstForbiddenChar(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c == 0x7f || Character.isWhitespace(c) || Character.isISOControl(c)
                    || Character.isSpaceChar(c)) {
                return i;
            }
        }
        return -1;
    }

    /** The index of the first surrogate that is not half of a pair, or -1. */
    static int firstUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** Why {@code key} cannot be sent, or null when it can. */
    static String problem(String key) {
        if (key.isEmpty()) {
            return "the key is empty";
        }
        int bad = firstForbiddenChar(key);
        if (bad >= 0) {
            return "the key holds " + describe(key.codePointAt(bad)) + " at index " + bad;
        }
        int lone = firstUnpairedSurrogate(key);
        if (lone >= 0) {
            // UTF-8 has no bytes for it: it would be sent as '?', the same key as one holding a '?' there.
            return "the key holds an unpaired surrogate " + describe(key.charAt(lone)) + " at index " + lone;
        }
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MemcachedCacheConfig.MAX_KEY_BYTES) {
            return "the key is " + bytes + " bytes, over Memcached's " + MemcachedCacheConfig.MAX_KEY_BYTES;
        }
        return null;
    }

    /** {@code U+0020 (a space)} and the like, never the character itself, which may be invisible. */
    static String describe(int codePoint) {
        String name = codePoint == ' ' ? " (a space)" : "";
        return String.format(Locale.ROOT, "U+%04X%s", codePoint, name);
    }
}
