package dev.cloakroom.signing;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Reads session data in the format Django wrote up to 3.0, and 3.1/3.2 under
 * {@code DEFAULT_HASHING_ALGORITHM = 'sha1'}: standard, padded base64 of
 * {@code HEX(HMAC-SHA1(K, serialized)) ":" serialized}, with
 * {@code K = SHA1(UTF8("django.contrib.sessions" + class name) + UTF8(secret))} and no timestamp. Django 3.2
 * reads it as a fallback when the signed format does not verify; 4.0 dropped it. Read only: new data is
 * always written in the signed format.
 *
 * <p>Immutable and thread-safe.
 */
public final class LegacySessionHash {
    /**
     * Django's key salt for this format, {@code "django.contrib.sessions" + class name}: every built-in store
     * is a class named SessionStore.
     */
    public static final String SESSION_STORE_KEY_SALT = "django.contrib.sessionsSessionStore";
    private static final String HMAC = "HmacSHA1";
    private static final int HEX_DIGEST_LENGTH = 40;

    private final List<KeyedMac> keys;

    /**
     * Verifies with the current key, then each fallback. Django 3.2 knew only SECRET_KEY; accepting the
     * fallbacks too is deliberate: a key listed there is still trusted to have signed what it signed.
     */
    public LegacySessionHash(SecretKeys secrets, String keySalt) {
        this.keys = secrets.verificationOrder().stream()
                .map(secret -> new KeyedMac(new SecretKeySpec(Signer.digest("SHA-1", keySalt, secret), HMAC)))
                .toList();
    }

    /**
     * The serialized data inside {@code stored}, or empty when it is not data of this format made with one
     * of the keys: not base64, no {@code ':'}, or a hash that does not match.
     */
    public Optional<byte[]> verify(String stored) {
        byte[] decoded = decodeLeniently(stored);
        if (decoded == null) {
            return Optional.empty();
        }
        int colon = indexOf(decoded, (byte) ':');
        if (colon != HEX_DIGEST_LENGTH) {
            return Optional.empty();
        }
        byte[] given = Arrays.copyOfRange(decoded, 0, colon);
        byte[] serialized = Arrays.copyOfRange(decoded, colon + 1, decoded.length);
        for (KeyedMac key : keys) {
            byte[] expected = HexFormat.of().formatHex(key.mac(serialized)).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(given, expected)) {
                return Optional.of(serialized);
            }
        }
        return Optional.empty();
    }

    /**
     * Close to Python's {@code base64.b64decode(data.encode("ascii"))} as Django 3.2 calls it: non-ASCII text
     * fails, other characters outside the alphabet (such as the line breaks Django 1.4 and older wrote every 76
     * characters) are skipped, and what is left must be whole, padded quads. Python also decodes past a pad in
     * the middle; that is refused here, and no Django wrote it.
     */
    private static byte[] decodeLeniently(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder kept = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0x7f) {
                return null;
            }
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
                    || c == '=') {
                kept.append(c);
            }
        }
        if (kept.length() % 4 != 0) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(kept.toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
