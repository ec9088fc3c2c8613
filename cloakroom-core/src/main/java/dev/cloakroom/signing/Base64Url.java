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
        if (length == data.length) {
            return encode(data);
        }
        ByteBuffer encoded = ENCODER.encode(ByteBuffer.wrap(data, 0, length));
        return new String(encoded.array(), 0, encoded.limit(), StandardCharsets.US_ASCII);
    }

    /**
     * Stricter than Python's decoder, which silently drops characters outside the alphabet: only values
     * that pass the signature check are decoded, and Django never signs such characters.
     *
     * @throws SignedValueFormatException when {@code text} is not URL-safe base64
     */
    public static byte[] decode(String text) {
        try {
            return DECODER.decode(text);
        } catch (IllegalArgumentException e) {
            throw new SignedValueFormatException("Invalid base64: " + e.getMessage());
        }
    }
}
