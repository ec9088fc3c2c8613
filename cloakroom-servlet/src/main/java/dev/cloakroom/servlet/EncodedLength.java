package dev.cloakroom.servlet;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * How many bytes characters become in a response's charset, so the writer can tell when the container's
 * byte buffer really fills. UTF-8 and ISO-8859-1 (the common cases) are counted without encoding; other
 * charsets are encoded and measured.
 */
abstract class EncodedLength {
    /** The byte count of {@code chars} in this charset. */
    abstract long bytes(CharSequence chars);

    /** The byte count of one character, for {@code write(int)}: without making a String of it. */
    long bytes(char c) {
        return bytes(String.valueOf(c));
    }

    /** For a response's character encoding; an unknown name is measured as UTF-8, the widest common case. */
    static EncodedLength forCharset(String charsetName) {
        Charset charset;
        try {
            charset = charsetName == null ? StandardCharsets.ISO_8859_1 : Charset.forName(charsetName);
        } catch (RuntimeException unknown) {
            charset = StandardCharsets.UTF_8;
        }
        if (charset.equals(StandardCharsets.UTF_8)) {
            return new Utf8();
        }
        if (charset.equals(StandardCharsets.ISO_8859_1) || charset.equals(StandardCharsets.US_ASCII)) {
            return new OneBytePerChar();
        }
        return charset.canEncode() ? new Measured(charset) : new Utf8();
    }

    private static final class OneBytePerChar extends EncodedLength {
        @Override
        long bytes(CharSequence chars) {
            return chars.length();
        }

        @Override
        long bytes(char c) {
            return 1;
        }
    }

    /** Each half of a surrogate pair counts 2, so a pair is its 4 bytes even when written in two calls. */
    private static final class Utf8 extends EncodedLength {
        @Override
        long bytes(CharSequence chars) {
            long bytes = 0;
            for (int i = 0; i < chars.length(); i++) {
                bytes += bytes(chars.charAt(i));
            }
            return bytes;
        }

        @Override
        long bytes(char c) {
            return c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
    }

    private static final class Measured extends EncodedLength {
        private final CharsetEncoder encoder;
        private final int maxBytesPerChar;

        Measured(Charset charset) {
            this.encoder = charset.newEncoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
            this.maxBytesPerChar = (int) Math.ceil(encoder.maxBytesPerChar());
        }

        @Override
        long bytes(CharSequence chars) {
            try {
                ByteBuffer encoded = encoder.reset().encode(CharBuffer.wrap(chars));
                return encoded.remaining();
            } catch (CharacterCodingException cannotHappenWithReplace) {
                return (long) chars.length() * maxBytesPerChar;
            }
        }
    }
}
