package dev.cloakroom.session;

import java.time.Clock;
import java.util.Map;

/**
 * SESSION_ABSOLUTE_AGE: a lifetime counted from the session's creation, however recently it was used (OWASP's
 * absolute timeout; Django has only the idle expiry of SESSION_COOKIE_AGE). The creation time travels in the
 * session data under {@value #CREATED_KEY}, as whole Unix seconds, the way Django keeps {@code _session_expiry}
 * there: Django reads and rewrites such data without looking at the key, so sessions stay shared with it.
 *
 * <p>A session gets its creation time when it is created, and again when its key is cycled (at login): the
 * lifetime is counted from the last change of privilege, as OWASP asks the session to be renewed then, so
 * logging in again starts a new lifetime while merely using the session never does. A session that lacks the
 * key (written before the setting was turned on, or by Django) is stamped at its next save, the stamp it had
 * before surviving a {@code clear()}. Off (0), nothing is read or written.
 */
final class AbsoluteAge {
    /** The session-data key holding the creation time, in Unix seconds. */
    static final String CREATED_KEY = "_session_created";

    private final long seconds;
    private final Clock clock;

    /** @param seconds SESSION_ABSOLUTE_AGE; 0 for no absolute lifetime */
    AbsoluteAge(long seconds, Clock clock) {
        this.seconds = seconds;
        this.clock = clock;
    }

    /** Whether a session holding {@code data} has lived its whole absolute lifetime by now. */
    boolean outlived(Map<String, Object> data) {
        if (seconds <= 0 || !(data.get(CREATED_KEY) instanceof Number created)) {
            return false;
        }
        try {
            return Math.subtractExact(clock.instant().getEpochSecond(), created.longValue()) >= seconds;
        } catch (ArithmeticException farInThePast) {
            return true;
        }
    }

    /** Marks {@code data} as a session created now: a new session, or one whose key was cycled. */
    void stampCreated(Map<String, Object> data) {
        if (seconds > 0) {
            data.put(CREATED_KEY, clock.instant().getEpochSecond());
        }
    }

    /** Keeps the creation time {@code previous} had when {@code data} lost it, or stamps a session that had none. */
    void keepCreated(Map<String, Object> data, Map<String, Object> previous) {
        if (seconds <= 0 || data.get(CREATED_KEY) instanceof Number) {
            return;
        }
        Object earlier = previous == null ? null : previous.get(CREATED_KEY);
        data.put(CREATED_KEY, earlier instanceof Number ? earlier : clock.instant().getEpochSecond());
    }
}
