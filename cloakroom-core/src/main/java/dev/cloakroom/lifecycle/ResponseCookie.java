package dev.cloakroom.lifecycle;

import dev.cloakroom.settings.SameSite;

import java.time.Instant;
import java.util.Objects;

/**
 * A cookie the response must set, with exactly the attributes Django's {@code HttpResponse.set_cookie}
 * would give it. {@link SetCookieHeader} turns it into Django's header text.
 *
 * @param name     the cookie name (SESSION_COOKIE_NAME)
 * @param value    the value; empty for a deletion cookie
 * @param maxAge   {@code Max-Age} in seconds, or null for none (a browser-session cookie); may be negative
 *                 when an absolute expiry already passed, as in Django
 * @param expires  the {@code expires} instant, or null for none
 * @param domain   {@code Domain}, or null (or empty) for a host-only cookie
 * @param path     {@code Path}, or null (or empty) for none, as Python leaves out empty attributes
 * @param secure   whether to send {@code Secure}
 * @param httpOnly whether to send {@code HttpOnly}
 * @param sameSite {@code SameSite}; {@link SameSite#OMIT} sends no attribute
 * @param partitioned whether to send {@code Partitioned} (SESSION_COOKIE_PARTITIONED)
 */
public record ResponseCookie(String name, String value, Long maxAge, Instant expires, String domain, String path,
        boolean secure, boolean httpOnly, SameSite sameSite, boolean partitioned) {

    /** A cookie without {@code Partitioned}. */
    public ResponseCookie(String name, String value, Long maxAge, Instant expires, String domain, String path,
            boolean secure, boolean httpOnly, SameSite sameSite) {
        this(name, value, maxAge, expires, domain, path, secure, httpOnly, sameSite, false);
    }

    public ResponseCookie {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(sameSite, "sameSite");
    }

    /** This cookie as one {@code Set-Cookie} header value, spelled as Django spells it. */
    public String toHeaderValue() {
        return SetCookieHeader.format(this);
    }
}
