package dev.cloakroom.memcached;

import net.rubyeye.xmemcached.transcoders.CachedData;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The one place where values become Memcached's bytes and flags: a value is its UTF-8 bytes with flags 0, the
 * way other clients (pymemcache among them) store plain text, so any client can read what Cloakroom writes.
 * Nothing is compressed or serialized.
 *
 * <p>Reading is strict: an entry with other flags (a pickle, an integer or a compressed value another client
 * wrote) or bytes that are not UTF-8 is not text Cloakroom wrote, and is refused with
 * {@link UnreadableValueException} rather than turned into a string that would no longer match its bytes.
 * A format with flags of its own (Django's pickled entries, say) would be another transcoder, put where the
 * backend takes this one.
 */
final class TextTranscoder extends FixedFormatTranscoder {
    /** The flags of a plain text value. */
    static final int TEXT_FLAGS = 0;

    TextTranscoder() {
        super("text");
    }

    @Override
    public CachedData encode(String value) {
        return new CachedData(TEXT_FLAGS, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String decode(CachedData data) {
        if (data.getFlag() != TEXT_FLAGS) {
            throw new UnreadableValueException("the entry has flags " + data.getFlag() + ", not " + TEXT_FLAGS
                    + " (plain text); another client wrote it");
        }
        byte[] bytes = data.getData() == null ? new byte[0] : data.getData();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notText) {
            throw new UnreadableValueException("the entry's " + bytes.length + " bytes are not UTF-8 text", notText);
        }
    }


    /** An entry that is not plain UTF-8 text with flags 0. */
    static final class UnreadableValueException extends RuntimeException {
        UnreadableValueException(String message) {
            super(message);
        }

        UnreadableValueException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
