package dev.cloakroom.jdbc.dialect;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A {@code session_data} value that is no text the codec could ever read (NULL, a BLOB, bytes that are not
 * UTF-8), carried through the core as a record's data all the same, so that the session loads empty (the codec
 * refuses the value with its one security log line, as for any corrupt data) and the next save replaces the row,
 * conditional on exactly what it held: a concurrent good write is never overwritten.
 *
 * <p>The stand-in starts with a NUL character, which Django's data never holds; stored text that itself starts
 * with one is treated as unreadable too, so that the stand-in always names the stored value and nothing else.
 * It carries the stored bytes (Base64), which the conditional UPDATE compares with the column's bytes.
 */
public final class UnreadableSessionData {
    private static final String PREFIX = "\u0000unreadable session_data:";
    private static final String NULL_VALUE = PREFIX + "NULL";
    private static final String BYTES = PREFIX + "bytes:";

    private UnreadableSessionData() {
    }

    /** The stand-in for a NULL column. */
    public static String ofNull() {
        return NULL_VALUE;
    }

    /**
     * What {@code stored} becomes as a record's data: itself when it is UTF-8 text (not starting with NUL),
     * else the stand-in carrying its bytes.
     */
    public static String ofBytes(byte[] stored) {
        Optional<String> text = strictUtf8(stored);
        if (text.isPresent() && !text.get().startsWith("\u0000")) {
            return text.get();
        }
        return BYTES + Base64.getEncoder().encodeToString(stored);
    }

    /** The stand-in for bytes that the database holds as something other than text (an SQLite BLOB). */
    public static String ofNonText(byte[] stored) {
        return BYTES + Base64.getEncoder().encodeToString(stored);
    }

    /** Whether {@code data} is a stand-in for a NULL column. */
    public static boolean isNull(String data) {
        return NULL_VALUE.equals(data);
    }

    /** The stored bytes a stand-in carries, or empty when {@code data} is readable text (or the NULL stand-in). */
    public static Optional<byte[]> bytes(String data) {
        if (!data.startsWith(BYTES)) {
            return Optional.empty();
        }
        return Optional.of(Base64.getDecoder().decode(data.substring(BYTES.length())));
    }

    private static Optional<String> strictUtf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
