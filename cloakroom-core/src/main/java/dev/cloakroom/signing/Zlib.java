package dev.cloakroom.signing;

import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * zlib streams at {@link Deflater#DEFAULT_COMPRESSION} (the bytes of Python's {@code zlib.compress} default),
 * with the compressors kept for the next call. Making a {@link Deflater} allocates and frees some 256 KB of
 * native zlib state; doing that for every session load and save was most of the codec's cost.
 *
 * <p>Idle instances wait in a bounded queue, not a {@code ThreadLocal}: with virtual threads a thread-local
 * would hold one per virtual thread, so memory would grow with the number of requests instead of the number
 * of cores. A call that finds the queue empty makes a fresh instance; one that finds it full frees its own
 * with {@code end()}. An instance is queued again only after a call that finished normally, reset.
 * The queue takes a {@code ReentrantLock}, which a virtual thread waits on without pinning its carrier.
 */
final class Zlib {
    /** Shared by every signer: all compress at the same level, so any instance serves any caller. */
    static final Zlib SHARED = new Zlib(Math.max(2, Runtime.getRuntime().availableProcessors()));

    private final BlockingQueue<Deflater> deflaters;
    private final BlockingQueue<Inflater> inflaters;

    Zlib(int idleLimit) {
        this.deflaters = new ArrayBlockingQueue<>(idleLimit);
        this.inflaters = new ArrayBlockingQueue<>(idleLimit);
    }

    /**
     * Compresses {@code data} into {@code out} from index 0.
     *
     * @return the length of the whole zlib stream, or -1 when it needs more than {@code out.length} bytes
     *         (the caller asked for no more than it would use, so the rest is not computed)
     */
    int deflate(byte[] data, byte[] out) {
        Deflater deflater = deflaters.poll();
        if (deflater == null) {
            deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        }
        boolean reusable = false;
        try {
            deflater.setInput(data);
            deflater.finish();
            int length = 0;
            while (!deflater.finished() && length < out.length) {
                length += deflater.deflate(out, length, out.length - length);
            }
            reusable = true;
            return deflater.finished() ? length : -1;
        } finally {
            release(deflater, reusable);
        }
    }

    /**
     * The bytes of the zlib stream {@code data}, refusing more than {@code maxBytes}: inflation stops at the
     * first byte past the limit, so a small stream cannot make this allocate gigabytes.
     *
     * @throws SignedValueFormatException when the stream is invalid, truncated or inflates past the limit
     */
    byte[] inflate(byte[] data, long maxBytes) {
        Inflater inflater = inflaters.poll();
        if (inflater == null) {
            inflater = new Inflater();
        }
        boolean reusable = false;
        try {
            inflater.setInput(data);
            // One byte beyond the limit is room enough to see that the limit is passed.
            int capacity = maxBytes < Integer.MAX_VALUE - 8 ? (int) maxBytes + 1 : Integer.MAX_VALUE - 8;
            byte[] out = new byte[(int) Math.min(capacity, Math.max(64, data.length * 3L))];
            int length = 0;
            while (!inflater.finished()) {
                if (length == out.length) {
                    if (length == capacity) {
                        // only when maxBytes is beyond what an array holds; otherwise the check below threw
                        throw new SignedValueFormatException("Compressed data inflates past " + capacity + " bytes");
                    }
                    out = Arrays.copyOf(out, (int) Math.min(capacity, out.length * 2L));
                }
                int n = inflater.inflate(out, length, out.length - length);
                // finished counts first: the stream of empty data ends without a byte of output
                if (n == 0 && !inflater.finished() && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new SignedValueFormatException("Truncated or incomplete zlib stream");
                }
                length += n;
                if (length > maxBytes) {
                    throw new SignedValueFormatException("Compressed data inflates past " + maxBytes + " bytes");
                }
            }
            reusable = true;
            return length == out.length ? out : Arrays.copyOf(out, length);
        } catch (DataFormatException e) {
            throw new SignedValueFormatException("Invalid zlib data: " + e.getMessage(), e);
        } finally {
            release(inflater, reusable);
        }
    }

    /** Idle compressors held now; for tests. */
    int idle() {
        return deflaters.size() + inflaters.size();
    }

    private void release(Deflater deflater, boolean reusable) {
        if (reusable) {
            deflater.reset();
            if (deflaters.offer(deflater)) {
                return;
            }
        }
        deflater.end();
    }

    private void release(Inflater inflater, boolean reusable) {
        if (reusable) {
            inflater.reset();
            if (inflaters.offer(inflater)) {
                return;
            }
        }
        inflater.end();
    }
}
