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
 * <p>Django 3.1 and 3.2 also verify HMAC-SHA1 signatures ({@code Signer.legacy_algorithm}), which they wrote
 * under {@code DEFAULT_HASHING_ALGORITHM = 'sha1'}; a signer made with {@code acceptSha1} does too, with the
 * key {@code SHA1(UTF8(salt + "signer") + UTF8(secret))}. It never signs with SHA-1. Django 3.2 checks SHA-1
 * against SECRET_KEY only; here the fallbacks count too, deliberately: a key listed there is still trusted to
 * have signed what it signed, whatever the algorithm.
 *
 * <p>Immutable and thread-safe.
 */
public class Signer {
    /** Django's default separator; never a character of the base64 or base62 alphabets. */
    public static final char SEPARATOR = ':';
    private static final String HMAC = "HmacSHA256";
    private static final String LEGACY_HMAC = "HmacSHA1";
    /** Unpadded base64 of a 20-byte SHA-1 MAC; SHA-256 signatures are 43 characters. */
    private static final int LEGACY_SIGNATURE_LENGTH = 27;
    /** Unpadded base64 of a 32-byte SHA-256 MAC: the length of every signature this class makes. */
    static final int SIGNATURE_LENGTH = 43;

    private final String salt;
    private final KeyedMac signingKey;
    private final List<KeyedMac> verificationKeys;
    private final List<KeyedMac> legacyVerificationKeys;

    /** A signer that verifies SHA-256 signatures only, as Django 4.0 and later do. */
    public Signer(SecretKeys keys, String salt) {
        this(keys, salt, false);
    }

    /**
     * @param acceptSha1 whether to verify Django 3.1/3.2's SHA-1 signatures too (never to make them)
     */
    public Signer(SecretKeys keys, String salt, boolean acceptSha1) {
        if (salt == null) {
            throw new IllegalArgumentException("salt must not be null; use a constant such as Django's");
        }
        this.salt = salt;
        this.verificationKeys = keys.verificationOrder().stream()
                .map(secret -> new KeyedMac(new SecretKeySpec(deriveKey(salt, secret), HMAC)))
                .toList();
        this.signingKey = verificationKeys.get(0);
        this.legacyVerificationKeys = !acceptSha1 ? List.of() : keys.verificationOrder().stream()
                .map(secret -> new KeyedMac(new SecretKeySpec(digest("SHA-1", salt + "signer", secret), LEGACY_HMAC)))
                .toList();
    }

    /** {@code SHA256(UTF8(salt + "signer") + UTF8(secret))}: the HMAC key Django uses for this salt. */
    public static byte[] deriveKey(String salt, String secret) {
        return digest("SHA-256", salt + "signer", secret);
    }

    /** {@code H(UTF8(first) + UTF8(second))}: Django's {@code salted_hmac} key, a hash with no separator. */
    static byte[] digest(String algorithm, String first, String second) {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            digest.update(first.getBytes(StandardCharsets.UTF_8));
            digest.update(second.getBytes(StandardCharsets.UTF_8));
            return digest.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is required by every Java platform", e);
        }
    }

    public String salt() {
        return salt;
    }

    /** The signature of {@code value} under the current key. */
    public String signature(String value) {
        return signature(value, signingKey);
    }

    /**
     * The signature, as ASCII bytes, of the value held in {@code ascii[0, length)}: for callers that build a
     * signed value in one buffer instead of a string per step. ASCII is its own UTF-8.
     */
    final byte[] signatureAscii(byte[] ascii, int length) {
        Mac mac = signingKey.mac();
        mac.update(ascii, 0, length);
        byte[] digest = mac.doFinal();
        return Base64Url.encodeAscii(digest, digest.length);
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
        // The two algorithms' signatures differ in length, so only the keys that could match are tried.
        List<KeyedMac> candidates = signature.length() == LEGACY_SIGNATURE_LENGTH
                ? legacyVerificationKeys : verificationKeys;
        for (KeyedMac key : candidates) {
            byte[] expected = signature(value, key).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(given, expected)) {
                return value;
            }
        }
        throw new BadSignatureException("Signature \"" + signature + "\" does not match");
    }

    private static String signature(String value, KeyedMac key) {
        return Base64Url.encode(key.mac(value.getBytes(StandardCharsets.UTF_8)));
    }
}
