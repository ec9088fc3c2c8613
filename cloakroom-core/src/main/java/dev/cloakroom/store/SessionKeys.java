package dev.cloakroom.store;

import java.security.SecureRandom;

/**
 * Session keys as Django makes and accepts them, written once for the core and every store: a key that can
 * name a server-side record is 8 to 40 characters of {@code [a-z0-9]}; fresh keys are 32 such characters
 * drawn from a {@link SecureRandom}.
 */
public final class SessionKeys {
    /** Django's {@code VALID_KEY_CHARS}: lower case only, because some stores are case-insensitive. */
    public static final String VALID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";
    /** The length of the keys the core generates (about 165 bits). */
    public static final int GENERATED_LENGTH = 32;
    /** Django refuses shorter keys ({@code _validate_session_key}). */
    public static final int MIN_LENGTH = 8;
    /** The width of {@code django_session.session_key}; nothing longer can name a server-side record. */
    public static final int MAX_LENGTH = 40;
    /** The largest multiple of 36 a byte can hold: bytes at or above it would favour the first characters. */
    private static final int UNBIASED_BOUND = 256 / VALID_CHARS.length() * VALID_CHARS.length();

    private final SecureRandom random;

    /** A generator drawing from {@code random}. */
    public SessionKeys(SecureRandom random) {
        this.random = random;
    }

    /** A generator drawing from a new {@link SecureRandom}. */
    public SessionKeys() {
        this(new SecureRandom());
    }

    /** A fresh key: {@value #GENERATED_LENGTH} characters drawn uniformly from {@link #VALID_CHARS}. */
    public String generate() {
        // One draw of random bytes per key instead of one per character: each draw takes the generator's lock,
        // which 32 times per new visitor made key generation the costliest part of creating a session. A byte
        // below 252 (7 x 36) maps uniformly onto the 36 characters; the rest are skipped, which a draw of 48
        // bytes leaves room for with near certainty, and the loop draws more in the rare case it does not.
        char[] key = new char[GENERATED_LENGTH];
        byte[] bytes = new byte[GENERATED_LENGTH + GENERATED_LENGTH / 2];
        int filled = 0;
        while (filled < key.length) {
            random.nextBytes(bytes);
            for (int i = 0; i < bytes.length && filled < key.length; i++) {
                int value = bytes[i] & 0xFF;
                if (value < UNBIASED_BOUND) {
                    key[filled++] = VALID_CHARS.charAt(value % VALID_CHARS.length());
                }
            }
        }
        return new String(key);
    }

    /** Django's rule for a key a client presents: at least 8 characters, else no key at all. */
    public static boolean isAcceptable(String key) {
        return key != null && key.length() >= MIN_LENGTH;
    }

    /** Whether {@code key} can name a server-side record: 8 to 40 characters of {@code [a-z0-9]}. */
    public static boolean isWellFormed(String key) {
        if (key == null || key.length() < MIN_LENGTH || key.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }
}
