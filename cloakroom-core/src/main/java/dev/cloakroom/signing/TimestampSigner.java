package dev.cloakroom.signing;

import dev.cloakroom.python.PythonFloats;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Django's {@code TimestampSigner}: signs {@code value + ":" + base62(unix seconds)}, so that a reader can
 * refuse values older than a maximum age. The timestamp is covered by the signature and cannot be moved.
 * Time comes from the injected clock.
 */
public class TimestampSigner extends Signer {
    private final Clock clock;

    public TimestampSigner(SecretKeys keys, String salt, Clock clock) {
        this(keys, salt, clock, false);
    }

    /** @param acceptSha1 whether Django 3.1/3.2's SHA-1 signatures verify too (see {@link Signer}) */
    public TimestampSigner(SecretKeys keys, String salt, Clock clock, boolean acceptSha1) {
        super(keys, salt, acceptSha1);
        this.clock = clock;
    }

    /** The current timestamp as Django writes it: whole seconds since the epoch, in base62. */
    public String timestamp() {
        return Base62.encode(clock.instant().getEpochSecond());
    }

    @Override
    public String sign(String value) {
        return super.sign(value + SEPARATOR + timestamp());
    }

    /**
     * {@code sign(mark + value)} for a value given as ASCII bytes, with {@code mark} (0 for none) before it: the
     * signed text is assembled, and signed, in one buffer, so a large value is copied once instead of once per
     * concatenation and once more for the MAC.
     */
    String signAscii(char mark, byte[] value) {
        String timestamp = timestamp();
        int at = mark == 0 ? 0 : 1;
        int signedLength = at + value.length + 1 + timestamp.length();
        byte[] out = new byte[signedLength + 1 + SIGNATURE_LENGTH];
        if (mark != 0) {
            out[0] = (byte) mark;
        }
        System.arraycopy(value, 0, out, at, value.length);
        at += value.length;
        out[at++] = SEPARATOR;
        for (int i = 0; i < timestamp.length(); i++) {
            out[at++] = (byte) timestamp.charAt(i);
        }
        byte[] signature = signatureAscii(out, signedLength);
        out[at++] = SEPARATOR;
        System.arraycopy(signature, 0, out, at, SIGNATURE_LENGTH);
        return new String(out, StandardCharsets.US_ASCII);
    }

    /** The value, without its timestamp, whatever its age. */
    @Override
    public String unsign(String signedValue) {
        return unsign(signedValue, null);
    }

    /**
     * The value, without its timestamp.
     *
     * @param maxAge null for no age limit
     * @throws BadSignatureException      when the signature does not verify
     * @throws SignatureExpiredException  when the timestamp is more than {@code maxAge} old
     * @throws SignedValueFormatException when the signed value carries no valid timestamp
     */
    public String unsign(String signedValue, Duration maxAge) {
        String result = super.unsign(signedValue);
        int at = result.lastIndexOf(SEPARATOR);
        if (at < 0) {
            throw new SignedValueFormatException("Signed value carries no timestamp");
        }
        long timestamp = Base62.decode(result.substring(at + 1));
        if (maxAge != null) {
            // Django compares the fractional time.time() against whole seconds, so 0.5 s past the limit counts.
            Instant now = clock.instant();
            Duration age;
            try {
                age = Duration.ofSeconds(Math.subtractExact(now.getEpochSecond(), timestamp), now.getNano());
            } catch (ArithmeticException e) {
                // A timestamp near the ends of the long range: absurdly old if negative, in the future if not.
                age = timestamp < 0 ? ChronoUnit.FOREVER.getDuration() : Duration.ZERO;
            }
            if (age.compareTo(maxAge) > 0) {
                // Django's message: the age is a float (time.time() - ts), SESSION_COOKIE_AGE an int.
                throw new SignatureExpiredException("Signature age " + PythonFloats.repr(toSeconds(age))
                        + " > " + (maxAge.getNano() == 0 ? Long.toString(maxAge.getSeconds())
                                : PythonFloats.repr(toSeconds(maxAge))) + " seconds");
            }
        }
        return result.substring(0, at);
    }

    private static double toSeconds(Duration duration) {
        return duration.getSeconds() + duration.getNano() / 1e9;
    }
}
