package dev.cloakroom.memcached;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MurmurHash3 x86 32-bit against the algorithm's published test vectors (empty input with several seeds, every
 * tail length, a block of zeros, text). {@code RendezvousPlacementTest} checks it against pymemcache's own.
 */
class Murmur3Test {

    @Test
    void emptyInputHashesToTheSeedsAvalanche() {
        assertThat(hash("", 0)).isEqualTo(0);
        assertThat(hash("", 1)).isEqualTo(0x514e28b7);
        assertThat(hash("", 0xffffffff)).isEqualTo(0x81f16f39);
    }

    @Test
    void everyTailLengthAndWholeBlocks() {
        assertThat(Murmur3.x86Hash32(new byte[] {0x21}, 0)).isEqualTo(0x72661cf4);
        assertThat(Murmur3.x86Hash32(new byte[] {0x21, 0x43}, 0)).isEqualTo(0xa0f7b07a);
        assertThat(Murmur3.x86Hash32(new byte[] {0x21, 0x43, 0x65}, 0)).isEqualTo(0x7e4a8634);
        assertThat(Murmur3.x86Hash32(new byte[] {0x21, 0x43, 0x65, (byte) 0x87}, 0)).isEqualTo(0xf55b516b);
        assertThat(Murmur3.x86Hash32(new byte[4], 0)).isEqualTo(0x2362f9de);
    }

    @Test
    void text() {
        assertThat(hash("hello", 0)).isEqualTo(0x248bfa47);
        assertThat(hash("abc", 0)).isEqualTo(0xb3dd93fa);
        assertThat(hash("aaaa", 0x9747b28c)).isEqualTo(0x5a97808a);
        assertThat(hash("Hello, world!", 0x9747b28c)).isEqualTo(0x24884cba);
        assertThat(hash("The quick brown fox jumps over the lazy dog", 0x9747b28c)).isEqualTo(0x2fa826cd);
    }

    /** Only the first {@code length} bytes count: the buffer {@link RendezvousPlacement} reuses may be longer. */
    @Test
    void aPrefixOfTheBufferIsHashedAlone() {
        byte[] buffer = "hello, and more".getBytes(StandardCharsets.US_ASCII);
        assertThat(Murmur3.x86Hash32(buffer, 5, 0)).isEqualTo(0x248bfa47);
    }

    private static int hash(String ascii, int seed) {
        return Murmur3.x86Hash32(ascii.getBytes(StandardCharsets.US_ASCII), seed);
    }
}
