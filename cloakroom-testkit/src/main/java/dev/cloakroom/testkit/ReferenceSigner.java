package dev.cloakroom.testkit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;

/**
 * An independent, minimal implementation of Django's {@code TimestampSigner.sign} (reference section 3.1),
 * so contract tests can produce correctly signed values without going through the codec under test: a
 * value that is signed right but carries a payload no serializer can read must still load as an empty
 * session (Django's {@code test_decode_serializer_exception}).
 */
public final class ReferenceSigner {
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final String salt;
    private final String secret;

    /** @param salt the key salt, e.g. {@code django.contrib.sessions.SessionStore} */
    public ReferenceSigner(String salt, String secret) {
        this.salt = salt;
        this.secret = secret;
    }

    /** {@code value:timestamp:signature}, with the timestamp of {@code now} in base62 UNIX seconds. */
    public String timestampSign(String value, Instant now) {
        return sign(value + ":" + base62(now.getEpochSecond()));
    }

    /** {@code value:signature}. */
    public String sign(String value) {
        return value + ":" + signature(value);
    }

    private String signature(String value) {
        try {
            byte[] key = MessageDigest.getInstance("SHA-256")
                    .digest((salt + "signer" + secret).getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 and HmacSHA256 are mandatory JDK algorithms", e);
        }
    }

    static String base62(long number) {
        if (number == 0) {
            return "0";
        }
        StringBuilder digits = new StringBuilder();
        long rest = Math.abs(number);
        while (rest > 0) {
            digits.append(BASE62.charAt((int) (rest % 62)));
            rest /= 62;
        }
        if (number < 0) {
            digits.append('-');
        }
        return digits.reverse().toString();
    }
}
