package dev.cloakroom.codec;

import dev.cloakroom.SessionTooLargeException;
import dev.cloakroom.SessionValueException;
import dev.cloakroom.UntrustedTypeException;
import dev.cloakroom.settings.SessionValueTypes;

import dev.cloakroom.SecurityLog;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.signing.BadSignatureException;
import dev.cloakroom.signing.LegacySessionHash;
import dev.cloakroom.signing.SecretKeys;
import dev.cloakroom.signing.SignatureExpiredException;
import dev.cloakroom.signing.Signing;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Django's {@code SessionBase.encode/decode}: session data as a signed, timestamped, optionally
 * compressed string (reference section 3.2), under one salt:
 * {@code signing.dumps(data, salt=salt, serializer=SESSION_SERIALIZER, compress=True)}.
 *
 * <p>Reading never throws. Data that fails its signature check is what an attacker (or a rotated-out key)
 * produces, so it yields an empty session and a WARNING {@code Session data corrupted} on
 * {@link SecurityLog}, like Django's {@code django.security.SuspiciousSession}. Correctly signed data that
 * cannot be taken apart (bad base64, zlib or JSON) also yields an empty session; Django drops it silently,
 * Cloakroom logs it too because it can only come from a key holder or a bug.
 *
 * <p>A codec made to read Django's legacy formats (SESSION_ACCEPT_LEGACY_FORMATS) also accepts what Django 3.2
 * accepts and 4.0 no longer does: SHA-1 signatures, and under {@link #SESSION_STORE_SALT} the pre-3.1
 * {@code base64(hash:serialized)} data of {@link LegacySessionHash}. It only reads them; {@link #encode}
 * always writes the SHA-256 signed format, so a session read in an old format is rewritten in the current one
 * at its next save.
 *
 * <p>Immutable and thread-safe.
 *
 * @hidden internal, see the package description
 */
public final class SessionCodec {

    /** Django's key salt for db, cached_db and file data. */
    public static final String SESSION_STORE_SALT = "django.contrib.sessions.SessionStore";
    /** Django's salt for signed-cookie sessions. */
    public static final String SIGNED_COOKIES_SALT = "django.contrib.sessions.backends.signed_cookies";

    private final Signing signing;
    private final SessionSerializer serializer;
    private final LegacySessionHash legacyHash;
    private final long maxSize;

    /** A codec for the current formats only, as Django 4.0 and later read them. */
    public SessionCodec(SecretKeys keys, String salt, SessionSerializer serializer, Clock clock) {
        this(keys, salt, serializer, clock, false);
    }

    /** @param readLegacy whether Django 3.2's legacy formats are read too (see the class description) */
    public SessionCodec(SecretKeys keys, String salt, SessionSerializer serializer, Clock clock,
            boolean readLegacy) {
        this(keys, salt, serializer, clock, readLegacy, 0);
    }

    /**
     * @param maxSize SESSION_MAX_SIZE: the most bytes {@link #encode} produces, and the most the serialized
     *                data may have before compression; 0 for no limit
     */
    public SessionCodec(SecretKeys keys, String salt, SessionSerializer serializer, Clock clock,
            boolean readLegacy, long maxSize) {
        this.signing = new Signing(keys, salt, clock, readLegacy);
        this.serializer = serializer;
        this.legacyHash = readLegacy && SESSION_STORE_SALT.equals(salt)
                ? new LegacySessionHash(keys, LegacySessionHash.SESSION_STORE_KEY_SALT) : null;
        this.maxSize = maxSize;
    }

    /** The codec for {@code salt} with the settings' keys, serializer and SESSION_TRUSTED_TYPES. */
    public static SessionCodec fromSettings(SessionSettings settings, String salt, Clock clock) {
        return fromSettings(settings, salt, clock, SessionValueTypes.fromSettings(settings));
    }

    /** The codec for {@code salt} with the settings' keys and serializer, storing {@code types} with their class. */
    public static SessionCodec fromSettings(SessionSettings settings, String salt, Clock clock,
            SessionValueTypes types) {
        SecretKeys keys = new SecretKeys(settings.secretKey(), settings.secretKeyFallbacks());
        SessionSerializer serializer = switch (settings.serializer()) {
            case JSON -> new DjangoJsonSerializer(types);
            case JAVA -> new JavaSerializer(settings.serializerAllowedClasses());
        };
        return new SessionCodec(keys, salt, serializer, clock, settings.acceptLegacyFormats(),
                settings.maxSize());
    }

    /**
     * Encodes {@code data} as Django does; never null.
     *
     * @throws SessionValueException when a value cannot be written by the configured serializer
     * @throws SessionTooLargeException when the data exceeds SESSION_MAX_SIZE, before or after compression
     */
    public String encode(Map<String, Object> data) {
        byte[] serialized = serializer.dumps(data);
        // Checked before compressing too: what is inflated and parsed on every load must stay bounded as well.
        if (maxSize > 0 && serialized.length > maxSize) {
            throw new SessionTooLargeException(serialized.length, maxSize, "before compression");
        }
        String encoded = signing.dumps(serialized, true);
        // Signed values are ASCII: one byte a character.
        if (maxSize > 0 && encoded.length() > maxSize) {
            throw new SessionTooLargeException(encoded.length(), maxSize, "as stored");
        }
        return encoded;
    }

    /**
     * Decodes data written by {@link #encode} or by Django, ignoring its timestamp. Tampered or unreadable
     * data yields an empty map and one WARNING on the security log; never throws.
     */
    public Map<String, Object> decode(String encoded) {
        return decode(encoded, null);
    }

    /** Like {@link #decode(String)}, and also empty (and logged) when the timestamp is older than {@code maxAge}. */
    public Map<String, Object> decode(String encoded, Duration maxAge) {
        try {
            return read(encoded, maxAge);
        } catch (UntrustedTypeException e) {
            SecurityLog.suspiciousSession().warn("Session data refused: it names the type {}, which is not trusted",
                    printable(e.typeName()));
        } catch (SignatureExpiredException e) {
            SecurityLog.suspiciousSession().warn("Session data expired: {}", e.getMessage());
        } catch (BadSignatureException e) {
            SecurityLog.suspiciousSession().warn("Session data corrupted");
        } catch (RuntimeException e) {
            // The cause's message may quote attacker-chosen bytes; its type is enough to diagnose.
            SecurityLog.suspiciousSession().warn("Session data corrupted: correctly signed but undecodable ({})",
                    e.getClass().getSimpleName());
        }
        return new LinkedHashMap<>();
    }

    /** A type name from stored data, cut to what a class name can hold, for the log. */
    private static String printable(String typeName) {
        String kept = typeName == null ? "" : typeName.replaceAll("[^A-Za-z0-9_.$\\[;]", "?");
        return kept.length() > 200 ? kept.substring(0, 200) + "..." : kept;
    }

    /** The decoded data, or empty without logging anything; {@code maxAge} may be null. */
    public Optional<Map<String, Object>> tryDecode(String encoded, Duration maxAge) {
        try {
            return Optional.of(read(encoded, maxAge));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private Map<String, Object> read(String encoded, Duration maxAge) {
        Map<String, Object> data = serializer.loads(verify(encoded == null ? "" : encoded, maxAge));
        return data instanceof LinkedHashMap ? data : new LinkedHashMap<>(data);
    }

    private byte[] verify(String encoded, Duration maxAge) {
        try {
            // encode never stores more than maxSize before compression, so more than that inflated is not ours
            return signing.loads(encoded, maxAge, maxSize > 0 ? maxSize : Long.MAX_VALUE);
        } catch (SignatureExpiredException e) {
            throw e;
        } catch (BadSignatureException e) {
            if (legacyHash == null) {
                throw e;
            }
            // Django 3.2's order: the signed format first, the legacy hash only when that does not verify.
            return legacyHash.verify(encoded).orElseThrow(() -> e);
        }
    }
}
