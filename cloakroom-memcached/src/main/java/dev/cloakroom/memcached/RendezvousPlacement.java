package dev.cloakroom.memcached;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * Which of several named servers holds a key, decided as pymemcache's {@code HashClient} decides it with its
 * default {@code RendezvousHash}, the client Django's {@code PyMemcacheCache} builds from {@code LOCATION}:
 * rendezvous (highest random weight) hashing.
 *
 * <p>Every server gets a score for the key: MurmurHash3 x86 32-bit, seed 0, of the text
 * {@code <server name>-<key>}, read as an unsigned number. The highest score wins. When two servers score the
 * same, the one whose name is greater as text wins (pymemcache keeps {@code max} of the two names), so the
 * outcome never depends on the order of the list. A name given twice counts once, as pymemcache adds a node only
 * once.
 *
 * <p>The hashed text is a Python {@code str}, and pymemcache's pure-Python MurmurHash3 reads one "byte" per
 * character: the low 8 bits of its code point (the bits above cannot reach the 32-bit result). For ASCII, which
 * every server name and every key Cloakroom writes is, that is the UTF-8 bytes; for other text it is still what
 * pymemcache computes, which {@link #hashedBytes} reproduces code point by code point.
 *
 * <p>The server names are the ones pymemcache gives: {@code host:port} as configured, see
 * {@link MemcachedCacheConfig.Server#nodeName()}. Removing a server moves only the keys it held; adding one moves
 * to it only the keys it now wins, about its share.
 */
final class RendezvousPlacement {
    /** pymemcache's {@code RendezvousHash} default seed. */
    static final int SEED = 0;

    private final List<String> names;
    /** Each name followed by the {@code -} that separates it from the key, as hashed. */
    private final byte[][] prefixes;

    /** A placement over the servers {@code names}, in order; a name given twice counts once. */
    RendezvousPlacement(List<String> names) {
        Objects.requireNonNull(names, "names");
        this.names = List.copyOf(new LinkedHashSet<>(names));
        this.prefixes = new byte[this.names.size()][];
        for (int i = 0; i < prefixes.length; i++) {
            prefixes[i] = hashedBytes(this.names.get(i) + "-");
        }
    }

    /** The distinct server names, in the order first given. */
    List<String> names() {
        return names;
    }

    /** The index in {@link #names()} of the server that holds {@code key}, or -1 when there is none. */
    int winner(String key) {
        return winner(key, index -> true);
    }

    /**
     * The index in {@link #names()} of the server that holds {@code key} among those {@code eligible} accepts, or
     * -1 when it accepts none: the placement pymemcache makes once it has taken the others out of rotation.
     */
    int winner(String key, IntPredicate eligible) {
        Objects.requireNonNull(key, "key");
        byte[] keyBytes = hashedBytes(key);
        byte[] text = new byte[0];
        int best = -1;
        long bestScore = -1;
        for (int i = 0; i < prefixes.length; i++) {
            if (!eligible.test(i)) {
                continue;
            }
            byte[] prefix = prefixes[i];
            int length = prefix.length + keyBytes.length;
            if (text.length < length) {
                text = new byte[length];
            }
            System.arraycopy(prefix, 0, text, 0, prefix.length);
            System.arraycopy(keyBytes, 0, text, prefix.length, keyBytes.length);
            long score = Integer.toUnsignedLong(Murmur3.x86Hash32(text, length, SEED));
            if (score > bestScore || (score == bestScore && names.get(i).compareTo(names.get(best)) > 0)) {
                best = i;
                bestScore = score;
            }
        }
        return best;
    }

    /** The score of server {@code name} for {@code key}: unsigned, 0 to 2^32 - 1. */
    static long score(String name, String key) {
        return Integer.toUnsignedLong(Murmur3.x86Hash32(hashedBytes(name + "-" + key), SEED));
    }

    /** The bytes pymemcache's MurmurHash3 reads from a Python string: the low 8 bits of each code point. */
    static byte[] hashedBytes(String text) {
        int[] codePoints = text.codePoints().toArray();
        byte[] bytes = new byte[codePoints.length];
        for (int i = 0; i < codePoints.length; i++) {
            bytes[i] = (byte) codePoints[i];
        }
        return bytes;
    }
}
