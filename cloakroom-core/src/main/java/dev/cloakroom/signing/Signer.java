package dev.cloakroom.signing;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.List;

/**
 * Django's {@code Signer} with its defaults: HMAC-SHA256 and separator {@code ':'}. A signed value is
 * {@code value + ":" + signature}, where the signature is the unpadded URL-safe base64 of
 * {@code HMAC-SHA256(K, UTF8(value))} and {@code K = SHA256(UTF8(salt + "signer") + UTF8(secret))}
 * (Django's {@code salted_hmac}: a plain hash of the concatenation, no separator).
 *
 * <p>The salt separates uses of one SECRET_KEY: a value signed for cookies does not verify as database data.
 * Signing uses the current key only; verification tries the current key, then each fallback, comparing in
 * constant time so the comparison leaks nothing about how much of a forged signature was right.
 *
 * <p>Immutable and thread-safe.
 */
public class Signer {
    /** Django's default separator; never a character of the base64 or base62 alphabets. */
    public static final char SEPARATOR = ':';
    private static final String HMAC = "HmacSHA256";

    private final String salt;
    private final SecretKeySpec signingKey;
    private final List<SecretKeySpec> verificationKeys;

    public Signer(SecretKeys keys, String salt) {
        if (salt == null) {
            throw new IllegalArgumentException("salt must not be null; use a constant such as Django's");
        }
        this.salt = salt;
        this.verificationKeys = keys.verificationOrder().stream()
                .map(secret -> new SecretKeySpec(deriveKey(salt, secret), HMAC))
                .toList();
        this.signingKey = verificationKeys.get(0);
    }

    /** {@code SHA256(UTF8(salt + "signer") + UTF8(secret))}: the HMAC key Django uses for this salt. */
    public static byte[] deriveKey(String salt, String secret) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((salt + "signer").getBytes(StandardCharsets.UTF_8));
            sha256.update(secret.getBytes(StandardCharsets.UTF_8));
            return sha256.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    public String salt() {
        return salt;
    }

    /** The signature of {@code value} under the current key. */
    public String signature(String value) {
        return signature(value, signingKey);
    }

    /** {@code value + ":" + signature(value)}. */
    public String sign(String value) {
        return value + SEPARATOR + signature(value);
    }

    /**
     * The value {@link #sign} was given.
     *
     * @throws BadSignatureException with Django's messages: {@code No ":" found in value} or
     *                               {@code Signature "<sig>" does not match}
     */
    public String unsign(String signedValue) {
        int at = signedValue.lastIndexOf(SEPARATOR);
        if (at < 0) {
            throw new BadSignatureException("No \"" + SEPARATOR + "\" found in value");
        }
        String value = signedValue.substring(0, at);
        String signature = signedValue.substring(at + 1);
        byte[] given = signature.getBytes(StandardCharsets.UTF_8);
        for (SecretKeySpec key : verificationKeys) {
            byte[] expected = signature(value, key).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(given, expected)) {
                return value;
            }
        }
        throw new BadSignatureException("Signature \"" + signature + "\" does not match");
    }

    private static String signature(String value, SecretKeySpec key) {
        try {
            // Mac instances are not thread-safe; a fresh one per call keeps the signer shareable.
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return Base64Url.encode(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }
}
