package dev.cloakroom.signing;


import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

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
        boolean compressed = false;
        if (compress) {
            byte[] deflated = deflate(data);
            // Django's rule, kept exactly: the "." costs a byte, so demand a saving of more than one.
            if (deflated.length < data.length - 1) {
                payload = deflated;
                compressed = true;
            }
        }
        String encoded = Base64Url.encode(payload);
        return signer.sign(compressed ? COMPRESSED_MARK + encoded : encoded);
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
        byte[] payload = Base64Url.decode(compressed ? value.substring(1) : value);
        return compressed ? inflate(payload, maxInflatedBytes) : payload;
    }

    static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 2));
            byte[] buffer = new byte[4096];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    static byte[] inflate(byte[] data) {
        return inflate(data, Long.MAX_VALUE);
    }

    static byte[] inflate(byte[] data, long maxInflatedBytes) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(maxInflatedBytes, Math.max(64, data.length * 3L)));
            byte[] buffer = new byte[4096];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new SignedValueFormatException("Truncated or incomplete zlib stream");
                }
                if (out.size() + (long) n > maxInflatedBytes) {
                    throw new SignedValueFormatException("Compressed data inflates past " + maxInflatedBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new SignedValueFormatException("Invalid zlib data: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    @Override
    public String toString() {
        return "Signing[salt=" + signer.salt() + "]";
    }
}
