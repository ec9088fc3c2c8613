package dev.cloakroom.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A session's own expiry, Django's {@code set_expiry(value)} as named cases.
 *
 * <ul>
 *   <li>{@link Inactivity}: expires after that many seconds without modification (Django's int; may be
 *       negative, which means already expired). Stored as an int.</li>
 *   <li>{@link AtBrowserClose}: the cookie lives until the browser closes (Django's {@code 0}); the server
 *       keeps the record for {@code SESSION_COOKIE_AGE}. Stored as {@code 0}.</li>
 *   <li>{@link At}: expires at a fixed instant (Django's datetime). Stored as an ISO-8601 string shaped
 *       like Python's {@code datetime.isoformat()}.</li>
 *   <li>{@link After}: expires a fixed time from now (Django's timedelta); stored, as Django stores it, as
 *       the instant it ends.</li>
 *   <li>{@link GlobalPolicy}: no expiry of its own; {@code SESSION_COOKIE_AGE} and
 *       {@code SESSION_EXPIRE_AT_BROWSER_CLOSE} apply (Django's {@code None}). Removes the stored value.</li>
 * </ul>
 */
public sealed interface Expiry {
    /** The key of the session data under which Django stores a session's own expiry. */
    String DATA_KEY = "_session_expiry";


    /** Django's {@code set_expiry(None)}. */
    Expiry GLOBAL_POLICY = new GlobalPolicy();
    /** Django's {@code set_expiry(0)}. */
    Expiry AT_BROWSER_CLOSE = new AtBrowserClose();

    /** {@code seconds} of inactivity; {@code 0} means at browser close, exactly as in Django. */
    static Expiry afterInactivity(long seconds) {
        return seconds == 0 ? AT_BROWSER_CLOSE : new Inactivity(seconds);
    }

    static Expiry at(Instant instant) {
        return new At(instant);
    }

    static Expiry after(Duration duration) {
        return new After(duration);
    }

    record Inactivity(long seconds) implements Expiry {
        public Inactivity {
            if (seconds == 0) {
                throw new IllegalArgumentException("0 seconds means at browser close: use Expiry.AT_BROWSER_CLOSE");
            }
        }
    }

    record AtBrowserClose() implements Expiry {
    }

    record At(Instant instant) implements Expiry {
        public At {
            Objects.requireNonNull(instant, "instant");
        }
    }

    record After(Duration duration) implements Expiry {
        public After {
            Objects.requireNonNull(duration, "duration");
        }
    }

    record GlobalPolicy() implements Expiry {
    }
}
