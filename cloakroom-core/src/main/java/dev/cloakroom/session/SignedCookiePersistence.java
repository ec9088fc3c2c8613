package dev.cloakroom.session;

import dev.cloakroom.SecurityLog;
import dev.cloakroom.SessionTooLargeException;
import dev.cloakroom.codec.SessionCodec;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The signed_cookies engine: the cookie value is the session, signed (not encrypted) in Django's format
 * with the salt {@code django.contrib.sessions.backends.signed_cookies}. Keeps nothing on the server, so,
 * like Django's, it is a null object for everything a server would keep: {@code exists} is always false
 * (no key can collide with a record that does not exist), {@code delete} cannot revoke a cookie already
 * sent, and a save never conflicts.
 *
 * <p>Server-side validity is the signature's timestamp: a cookie older than SESSION_COOKIE_AGE is refused.
 * A value larger than browsers keep is refused at save time instead of being silently dropped.
 */
final class SignedCookiePersistence implements SessionPersistence {
    /** The largest cookie value every common browser keeps; larger cookies are silently dropped by them. */
    static final int MAX_COOKIE_VALUE_BYTES = 4093;

    private final SessionCodec codec;
    private final Duration maxAge;
    private final SessionStatistics.Counters counters;
    private final AbsoluteAge absoluteAge;

    /**
     * @param codec  a codec using {@link SessionCodec#SIGNED_COOKIES_SALT}
     * @param maxAge SESSION_COOKIE_AGE
     */
    SignedCookiePersistence(SessionCodec codec, Duration maxAge, SessionStatistics.Counters counters,
            AbsoluteAge absoluteAge) {
        this.absoluteAge = absoluteAge;
        this.codec = codec;
        this.maxAge = maxAge;
        this.counters = counters;
    }

    @Override
    public Loaded load(String cookieValue) {
        counters.decodes.increment();
        return codec.tryDecode(cookieValue, maxAge)
                // Past SESSION_ABSOLUTE_AGE: refused like an expired cookie, and replaced by an empty session.
                .map(data -> absoluteAge.outlived(data) ? new Loaded(new LinkedHashMap<>(), null, true)
                        : new Loaded(data, null))
                .orElseGet(() -> {
                    SecurityLog.suspiciousSession().warn(
                            "Signed-cookie session refused: bad signature, expired or undecodable; issuing a new one");
                    return new Loaded(new LinkedHashMap<>(), null, true);
                });
    }

    @Override
    public boolean exists(String key) {
        return false;
    }

    @Override
    public Persisted create(Map<String, Object> data) {
        Map<String, Object> copy = new LinkedHashMap<>(data);
        absoluteAge.stampCreated(copy);
        return persist(copy);
    }

    @Override
    public Persisted save(String key, Loaded base, Map<String, Object> data, Changes changes) {
        Map<String, Object> copy = new LinkedHashMap<>(data);
        absoluteAge.keepCreated(copy, base == null ? null : base.data());
        return persist(copy);
    }

    @Override
    public boolean keyIsData() {
        return true;
    }

    @Override
    public void delete(String key) {
        // Nothing is kept server-side: a cookie already sent stays valid until its timestamp is too old.
    }

    private Persisted persist(Map<String, Object> data) {
        Map<String, Object> copy = new LinkedHashMap<>(data);
        counters.encodes.increment();
        String value = codec.encode(copy);
        int size = value.getBytes(StandardCharsets.US_ASCII).length;
        if (size > MAX_COOKIE_VALUE_BYTES) {
            throw new SessionTooLargeException(size, MAX_COOKIE_VALUE_BYTES);
        }
        return new Persisted(value, copy, null);
    }
}
