package dev.cloakroom.signing;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.Deflater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZlibTest {
    /** What a fresh Deflater at the default level writes: the stream Python's zlib.compress writes too. */
    private static byte[] freshDeflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static byte[] sample(Random random, int size, boolean compressible) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (compressible ? 'a' + random.nextInt(4) : random.nextInt(256));
        }
        return data;
    }

    @Test
    void reusedDeflatersWriteTheSameStreamAsAFreshOne() {
        Zlib zlib = new Zlib(1);
        Random random = new Random(8);
        for (int size : new int[] {0, 1, 2, 3, 50, 200, 4095, 4096, 4097, 8192, 70_000}) {
            for (boolean compressible : new boolean[] {true, false}) {
                byte[] data = sample(random, size, compressible);
                byte[] expected = freshDeflate(data);
                byte[] out = new byte[expected.length];
                assertThat(zlib.deflate(data, out)).as("size %d", size).isEqualTo(expected.length);
                assertThat(out).isEqualTo(expected);
                assertThat(zlib.inflate(expected, size)).isEqualTo(data);
            }
        }
        assertThat(zlib.idle()).isEqualTo(2);
    }

    @Test
    void deflateGivesUpWhenTheStreamDoesNotFitAndTheDeflaterStaysUsable() {
        Zlib zlib = new Zlib(1);
        byte[] data = sample(new Random(1), 1000, false);
        byte[] expected = freshDeflate(data);
        assertThat(zlib.deflate(data, new byte[expected.length - 1])).isEqualTo(-1);
        assertThat(zlib.deflate(data, new byte[0])).isEqualTo(-1);
        byte[] out = new byte[expected.length];
        assertThat(zlib.deflate(data, out)).isEqualTo(expected.length);
        assertThat(out).isEqualTo(expected);
    }

    @Test
    void inflationStopsAtTheLimitAndAcceptsExactlyTheLimit() {
        Zlib zlib = new Zlib(1);
        byte[] bomb = freshDeflate(new byte[1_000_000]);
        assertThat(zlib.inflate(bomb, 1_000_000)).hasSize(1_000_000);
        assertThatThrownBy(() -> zlib.inflate(bomb, 999_999))
                .isInstanceOf(SignedValueFormatException.class).hasMessageContaining("inflates past 999999 bytes");
        // a failed call frees its inflater; the pooled one still reads correctly
        assertThat(zlib.inflate(freshDeflate(new byte[10]), 10)).hasSize(10);
    }

    @Test
    void aBadStreamIsAFormatErrorAndDoesNotSpoilTheNextCall() {
        Zlib zlib = new Zlib(1);
        byte[] good = freshDeflate("hello hello hello".getBytes());
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 4);
        assertThatThrownBy(() -> zlib.inflate(truncated, 100)).isInstanceOf(SignedValueFormatException.class)
                .hasMessageContaining("Truncated");
        assertThatThrownBy(() -> zlib.inflate("not zlib".getBytes(), 100)).isInstanceOf(SignedValueFormatException.class)
                .hasMessageContaining("Invalid zlib data");
        assertThat(zlib.inflate(good, 100)).isEqualTo("hello hello hello".getBytes());
    }

    @Test
    void theIdleQueueIsBoundedWhateverTheNumberOfThreads() throws Exception {
        Zlib zlib = new Zlib(2);
        byte[] data = sample(new Random(3), 5000, true);
        byte[] expected = freshDeflate(data);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                results.add(pool.submit(() -> {
                    byte[] out = new byte[expected.length];
                    int length = zlib.deflate(data, out);
                    assertThat(length).isEqualTo(expected.length);
                    return zlib.inflate(out, data.length);
                }));
            }
            for (Future<byte[]> result : results) {
                assertThat(result.get()).isEqualTo(data);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(zlib.idle()).isLessThanOrEqualTo(4);
    }
}
