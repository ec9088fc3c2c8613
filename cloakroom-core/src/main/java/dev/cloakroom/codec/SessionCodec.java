package dev.cloakroom.codec;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Django's {@code SessionBase.encode/decode}: session data as a signed, timestamped, optionally
 * compressed string (reference section 3.2), under one salt. TODO(signing helper): implement.
 */
public final class SessionCodec {

    /** Django's key salt for db, cached_db and file data. */
    public static final String SESSION_STORE_SALT = "django.contrib.sessions.SessionStore";
    /** Django's salt for signed-cookie sessions. */
    public static final String SIGNED_COOKIES_SALT = "django.contrib.sessions.backends.signed_cookies";

    /** The codec for {@code salt} with the settings' keys and serializer. */
    public static SessionCodec fromSettings(dev.cloakroom.settings.SessionSettings settings, String salt,
            java.time.Clock clock) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Encodes {@code data} as Django does; never null. */
    public String encode(Map<String, Object> data) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Decodes data written by {@link #encode} or by Django, ignoring its timestamp. Tampered or unreadable
     * data yields an empty map and one WARNING on the security log; never throws.
     */
    public Map<String, Object> decode(String encoded) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Like {@link #decode(String)}, and also empty (and logged) when the timestamp is older than {@code maxAge}. */
    public Map<String, Object> decode(String encoded, Duration maxAge) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The decoded data, or empty without logging anything; {@code maxAge} may be null. */
    public Optional<Map<String, Object>> tryDecode(String encoded, Duration maxAge) {
        throw new UnsupportedOperationException("not yet");
    }
}
