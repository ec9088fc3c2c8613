package dev.cloakroom.lifecycle;

import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.python.DatetimeRange;
import dev.cloakroom.session.Session;
import dev.cloakroom.SessionInterruptedException;
import dev.cloakroom.settings.SameSite;
import dev.cloakroom.settings.SessionSettings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * Django's {@code SessionMiddleware} without any HTTP types: {@link #open} gives a request its lazy
 * session, {@link #close} decides at the end of the request whether to save it and which cookie to send.
 * Web adapters (the servlet filter) only move cookie values in and the decision out.
 *
 * <p>The rules of {@link #close}, in Django's order (reference section 5.2):
 * <ol>
 *   <li>the request carried the cookie and the session is now empty (flushed, or its key was unknown and
 *       got dropped when loading): delete the cookie and vary on Cookie;</li>
 *   <li>otherwise vary on Cookie if the session was accessed;</li>
 *   <li>if it was modified (or SESSION_SAVE_EVERY_REQUEST) and is not empty: unless the status is 5xx,
 *       save it and set the cookie, with Max-Age and expires from its expiry age, or neither for a
 *       browser-session cookie.</li>
 * </ol>
 * The flags are read before anything is loaded for the cookie's expiry, as Django reads them; so with
 * SESSION_SAVE_EVERY_REQUEST a session the request never touched is refreshed without {@code Vary}.
 *
 * <p>Thread-safe; one instance serves all requests.
 */
public final class SessionLifecycle {
    private final SessionEngine engine;
    private final SessionSettings settings;
    private final Clock clock;

    /**
     * A lifecycle for {@code engine}, following the engine's SESSION_COOKIE_* and SESSION_SAVE_EVERY_REQUEST
     * settings and reading time from the engine's clock, so that the cookie and the store always agree.
     */
    public SessionLifecycle(SessionEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.settings = engine.settings();
        this.clock = engine.clock();
    }

    /** SESSION_COOKIE_NAME: the cookie adapters read and write. */
    public String cookieName() {
        return settings.cookieName();
    }

    public SessionEngine engine() {
        return engine;
    }

    /**
     * The lazy session for a request whose cookies named SESSION_COOKIE_NAME had these values, in the
     * order the request sent them. As in Django's cookie parsing, the last one wins. Touches no store.
     */
    public Session open(List<String> cookieValues) {
        String value = cookieValues == null || cookieValues.isEmpty() ? null
                : cookieValues.get(cookieValues.size() - 1);
        return engine.open(value);
    }

    /** The lazy session for one cookie value (null when the request had no session cookie). */
    public Session open(String cookieValue) {
        return engine.open(cookieValue);
    }

    /**
     * Ends the request for {@code session}: saves it when Django would and says what to do with the cookie.
     *
     * @param requestHadCookie whether the request carried a cookie named SESSION_COOKIE_NAME at all, even
     *                         with an unusable value
     * @param statusCode       the response status so far; 5xx means nothing is saved
     * @throws SessionInterruptedException when the session was deleted by a concurrent request before
     *         this one could save it; adapters answer 400 Bad Request
     */
    public CookieDecision close(Session session, boolean requestHadCookie, int statusCode) {
        boolean accessed = session.isAccessed();
        boolean modified = session.isModified();
        boolean empty = session.isEmpty();
        if (requestHadCookie && empty) {
            return CookieDecision.delete(deletionCookie());
        }
        if (!(modified || settings.saveEveryRequest()) || empty) {
            return CookieDecision.none(accessed);
        }
        Long maxAge = null;
        Instant expires = null;
        if (!session.getExpireAtBrowserClose()) {
            maxAge = session.getExpiryAge();
            // Django: http_date(time.time() + max_age), the fraction of a second dropped; an absurd
            // SESSION_COOKIE_AGE saturates where Django would fail the request.
            Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
            expires = DatetimeRange.plus(now, Duration.ofSeconds(maxAge)).truncatedTo(ChronoUnit.SECONDS);
        }
        if (statusCode >= 500) {
            return CookieDecision.none(accessed);
        }
        session.save();
        return CookieDecision.set(new ResponseCookie(settings.cookieName(), session.getSessionKey(), maxAge,
                expires, settings.cookieDomain(), settings.cookiePath(), settings.cookieSecure(),
                settings.cookieHttpOnly(), settings.cookieSameSite(), settings.cookiePartitioned()), accessed);
    }

    /**
     * Django's {@code delete_cookie}: empty value, expired in 1970 and Max-Age 0, with the session cookie's
     * Path, Domain and SameSite; never HttpOnly; Secure only where browsers demand it (SameSite=None or a
     * {@code __Secure-}/{@code __Host-} name), whatever SESSION_COOKIE_SECURE says. With
     * SESSION_COOKIE_PARTITIONED the deletion is Partitioned (and so Secure) too: a browser keeps partitioned
     * cookies apart and only a partitioned deletion reaches the cookie it must remove.
     */
    private ResponseCookie deletionCookie() {
        String name = settings.cookieName();
        boolean secure = name.startsWith("__Secure-") || name.startsWith("__Host-")
                || settings.cookieSameSite() == SameSite.NONE || settings.cookiePartitioned();
        return new ResponseCookie(name, "", 0L, Instant.EPOCH, settings.cookieDomain(), settings.cookiePath(),
                secure, false, settings.cookieSameSite(), settings.cookiePartitioned());
    }
}
