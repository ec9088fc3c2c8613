package dev.cloakroom.lifecycle;

import java.util.Objects;
import java.util.Optional;

/**
 * What the end of a request does to the response, as {@link SessionLifecycle#close} decides it: leave
 * the session cookie alone, set it, or delete it; and whether {@code Vary: Cookie} must be added.
 */
public final class CookieDecision {

    /** What happens to the session cookie. */
    public enum Action {
        /** No {@code Set-Cookie} for the session: nothing was saved, or the status was 5xx. */
        NONE,
        /** The session was saved; the cookie carries its key (or its data, for signed_cookies). */
        SET,
        /** The request carried a cookie and the session is now empty (flushed or unknown): expire it. */
        DELETE
    }

    private final Action action;
    private final ResponseCookie cookie;
    private final boolean varyCookie;

    private CookieDecision(Action action, ResponseCookie cookie, boolean varyCookie) {
        this.action = action;
        this.cookie = cookie;
        this.varyCookie = varyCookie;
    }

    static CookieDecision none(boolean varyCookie) {
        return new CookieDecision(Action.NONE, null, varyCookie);
    }

    static CookieDecision set(ResponseCookie cookie, boolean varyCookie) {
        return new CookieDecision(Action.SET, Objects.requireNonNull(cookie), varyCookie);
    }

    static CookieDecision delete(ResponseCookie cookie) {
        // Django patches Vary whenever it deletes the cookie (#29471)
        return new CookieDecision(Action.DELETE, Objects.requireNonNull(cookie), true);
    }

    public Action action() {
        return action;
    }

    /** The cookie to send for {@link Action#SET} and {@link Action#DELETE}; empty for {@link Action#NONE}. */
    public Optional<ResponseCookie> cookie() {
        return Optional.ofNullable(cookie);
    }

    /** The {@code Set-Cookie} header value to add, if any. */
    public Optional<String> setCookieHeader() {
        return cookie().map(SetCookieHeader::format);
    }

    /** Whether the response must vary on {@code Cookie} (merge it with {@link VaryHeader#patch}). */
    public boolean varyCookie() {
        return varyCookie;
    }

    @Override
    public String toString() {
        return action + (cookie == null ? "" : " " + SetCookieHeader.format(cookie)) + (varyCookie ? " +Vary" : "");
    }
}
