package dev.cloakroom.signing;


import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Django's {@code signing.dumps/loads} over serialized bytes ({@code TimestampSigner.sign_object} and
 * {@code unsign_object}):
 *
 * <pre>
 * signed  := [ "." ] B64URL_NOPAD(payload) ":" BASE62(unix seconds) ":" B64URL_NOPAD(HMAC-SHA256)
 * payload := zlib(data) when compression was asked for and saves at least two bytes, else data
 * </pre>
 *
 * The leading {@code "."} marks a compressed payload. {@link Deflater}'s default level produces the same
 * bytes as Python's {@code zlib.compress} default, so compressed values match Django's byte for byte.
 * Decompression happens only after the signature has verified, so only a key holder can feed the inflater.
 */
public final class Signing {
    /** The salt of {@code signing.dumps} when none is given. */
    public static final String DEFAULT_SALT = "django.core.signing";
    private static final char COMPRESSED_MARK = '.';

    private final TimestampSigner signer;

    public Signing(SecretKeys keys, String salt, Clock clock) {
        this(keys, salt, clock, false);
    }

    /** @param acceptSha1 whether Django 3.1/3.2's SHA-1 signatures verify too (see {@link Signer}) */
    public Signing(SecretKeys keys, String salt, Clock clock, boolean acceptSha1) {
        this.signer = new TimestampSigner(keys, salt, clock, acceptSha1);
    }

    public TimestampSigner signer() {
        return signer;
    }

    /** Signs serialized {@code data}, compressed when {@code compress} is set and compression pays. */
    public String dumps(byte[] data, boolean compress) {
        byte[] payload = data;
        int length = data.length;
        boolean compressed = false;
        if (compress) {
            // Django's rule, kept exactly: the "." costs a byte, so demand a saving of more than one. Room for
            // one byte more than that lets zlib stop as soon as compression cannot pay.
            byte[] deflated = new byte[Math.max(0, data.length - 1)];
            int deflatedLength = Zlib.SHARED.deflate(data, deflated);
            if (deflatedLength >= 0 && deflatedLength < data.length - 1) {
                payload = deflated;
                length = deflatedLength;
                compressed = true;
            }
        }
        return signer.signAscii(compressed ? COMPRESSED_MARK : 0, Base64Url.encodeAscii(payload, length));
    }

    /** The serialized data of a value made by {@link #dumps} (or Django), whatever its age. */
    public byte[] loads(String signed) {
        return loads(signed, null);
    }

    /**
     * The serialized data of a value made by {@link #dumps} (or Django).
     *
     * @param maxAge null for no age limit
     * @throws BadSignatureException      when no accepted key signed it under this salt
     * @throws SignatureExpiredException  when it is older than {@code maxAge}
     * @throws SignedValueFormatException when it verifies but cannot be taken apart
     */
    public byte[] loads(String signed, Duration maxAge) {
        return loads(signed, maxAge, Long.MAX_VALUE);
    }

    /**
     * Like {@link #loads(String, Duration)}, refusing a compressed payload that inflates past
     * {@code maxInflatedBytes}: a few KB signed by a key holder could otherwise inflate to gigabytes.
     *
     * @throws SignedValueFormatException also when the payload inflates past {@code maxInflatedBytes}
     */
    public byte[] loads(String signed, Duration maxAge, long maxInflatedBytes) {
        String value = signer.unsign(signed, maxAge);
        boolean compressed = !value.isEmpty() && value.charAt(0) == COMPRESSED_MARK;
        byte[] payload = Base64Url.decode(value, compressed ? 1 : 0);
        return compressed ? inflate(payload, maxInflatedBytes) : payload;
    }

    /** The whole zlib stream of {@code data}, even when longer than {@code data}. */
    static byte[] deflate(byte[] data) {
        byte[] out = new byte[data.length + 64];
        int length;
        while ((length = Zlib.SHARED.deflate(data, out)) < 0) {
            out = new byte[out.length * 2];
        }
        return Arrays.copyOf(out, length);
    }

    static byte[] inflate(byte[] data) {
        return inflate(data, Long.MAX_VALUE);
    }

    static byte[] inflate(byte[] data, long maxInflatedBytes) {
        return Zlib.SHARED.inflate(data, maxInflatedBytes);
    }

    @Override
    public String toString() {
        return "Signing[salt=" + signer.salt() + "]";
    }
}
