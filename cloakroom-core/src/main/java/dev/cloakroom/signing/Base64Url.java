package dev.cloakroom.signing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Django's {@code b64_encode/b64_decode}: URL-safe alphabet ({@code -} and {@code _}) with every {@code =}
 * stripped on output; input may come with or without padding.
 */
public final class Base64Url {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Base64Url() {
    }

    public static String encode(byte[] data) {
        return ENCODER.encodeToString(data);
    }

    /** The first {@code length} bytes of {@code data}, encoded; spares the caller a copy of a larger buffer. */
    public static String encode(byte[] data, int length) {
        return new String(encodeAscii(data, length), StandardCharsets.US_ASCII);
    }

    /** The encoding of the first {@code length} bytes of {@code data}, as ASCII bytes. */
    static byte[] encodeAscii(byte[] data, int length) {
        if (length == data.length) {
            return ENCODER.encode(data);
        }
        ByteBuffer encoded = ENCODER.encode(ByteBuffer.wrap(data, 0, length));
        return encoded.limit() == encoded.array().length ? encoded.array()
                : java.util.Arrays.copyOf(encoded.array(), encoded.limit());
    }

    /**
     * Stricter than Python's decoder, which silently drops characters outside the alphabet: only values
     * that pass the signature check are decoded, and Django never signs such characters.
     *
     * @throws SignedValueFormatException when {@code text} is not URL-safe base64
     */
    public static byte[] decode(String text) {
        return decode(text, 0);
    }

    /** {@link #decode(String)} of {@code text.substring(from)}, without making that substring. */
    static byte[] decode(String text, int from) {
        if (from == 0) {
            return decodeWhole(text);
        }
        try {
            // what Base64.Decoder.decode(String) does too: a character beyond latin-1 becomes '?', refused
            byte[] source = text.getBytes(StandardCharsets.ISO_8859_1);
            ByteBuffer decoded = DECODER.decode(ByteBuffer.wrap(source, from, source.length - from));
            return decoded.limit() == decoded.array().length ? decoded.array()
                    : java.util.Arrays.copyOf(decoded.array(), decoded.limit());
        } catch (IllegalArgumentException e) {
            throw new SignedValueFormatException("Invalid base64: " + e.getMessage());
        }
    }

    private static byte[] decodeWhole(String text) {
        try {
            return DECODER.decode(text);
        } catch (IllegalArgumentException e) {
            throw new SignedValueFormatException("Invalid base64: " + e.getMessage());
        }
    }
}
