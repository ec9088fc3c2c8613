package dev.cloakroom.session;

import java.security.SecureRandom;

/** Session keys as Django makes and accepts them. */
public final class SessionKeys {
    /** Django's {@code VALID_KEY_CHARS}: lower case only, because some stores are case-insensitive. */
    public static final String VALID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";
    public static final int GENERATED_LENGTH = 32;
    /** Django refuses shorter keys ({@code _validate_session_key}). */
    public static final int MIN_LENGTH = 8;
    /** The width of {@code django_session.session_key}; nothing longer can name a server-side record. */
    public static final int MAX_STORED_LENGTH = 40;

    private final SecureRandom random;

    public SessionKeys(SecureRandom random) {
        this.random = random;
    }

    public SessionKeys() {
        this(new SecureRandom());
    }

    /** A fresh key: 32 characters drawn uniformly from {@link #VALID_CHARS} (about 165 bits). */
    public String generate() {
        char[] key = new char[GENERATED_LENGTH];
        for (int i = 0; i < key.length; i++) {
            key[i] = VALID_CHARS.charAt(random.nextInt(VALID_CHARS.length()));
        }
        return new String(key);
    }

    /** Django's rule for a key a client presents: non-empty and at least 8 characters, else no key at all. */
    public static boolean isAcceptable(String key) {
        return key != null && key.length() >= MIN_LENGTH;
    }

    /** Whether a key can name a server-side record: 8 to 40 characters of {@code [a-z0-9]}. */
    public static boolean isWellFormed(String key) {
        if (key == null || key.length() < MIN_LENGTH || key.length() > MAX_STORED_LENGTH) {
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
