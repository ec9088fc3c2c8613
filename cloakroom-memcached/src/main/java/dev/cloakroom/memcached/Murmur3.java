package dev.cloakroom.memcached;

import java.util.Objects;

/**
 * MurmurHash3, the x86 32-bit variant (Austin Appleby's public-domain algorithm): the hash pymemcache's
 * rendezvous placement scores servers with, and so the one {@link RendezvousPlacement} needs to put a key where
 * Django puts it.
 *
 * <p>The input is read in little-endian blocks of four bytes, each block mixed into the state; the one to three
 * bytes left over are mixed in once more; then the length and a final avalanche. Every step is on 32-bit words
 * with wrap-around, which Java's {@code int} arithmetic is; the result is those 32 bits, to be read unsigned.
 */
final class Murmur3 {
    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    private Murmur3() {
    }

    /** The hash of {@code data} with {@code seed}, as 32 bits; compare results with {@link Integer#compareUnsigned}. */
    static int x86Hash32(byte[] data, int seed) {
        Objects.requireNonNull(data, "data");
        return x86Hash32(data, data.length, seed);
    }

    /** The hash of the first {@code length} bytes of {@code data} with {@code seed}. */
    static int x86Hash32(byte[] data, int length, int seed) {
        Objects.checkFromIndexSize(0, length, data.length);
        int hash = seed;
        int blocksEnd = length & ~3;
        for (int i = 0; i < blocksEnd; i += 4) {
            int block = (data[i] & 0xff) | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff) << 16
                    | (data[i + 3] & 0xff) << 24;
            hash ^= scramble(block);
            hash = Integer.rotateLeft(hash, 13) * 5 + 0xe6546b64;
        }
        int rest = length & 3;
        if (rest > 0) {
            int tail = 0;
            if (rest == 3) {
                tail |= (data[blocksEnd + 2] & 0xff) << 16;
            }
            if (rest >= 2) {
                tail |= (data[blocksEnd + 1] & 0xff) << 8;
            }
            tail |= data[blocksEnd] & 0xff;
            hash ^= scramble(tail);
        }
        hash ^= length;
        return avalanche(hash);
    }

    /** A block (or the tail) before it is mixed into the state. */
    private static int scramble(int block) {
        return Integer.rotateLeft(block * C1, 15) * C2;
    }

    /** The finalisation that makes every input bit reach every output bit. */
    private static int avalanche(int hash) {
        int h = hash;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
