package dev.cloakroom.session;

import dev.cloakroom.python.DatetimeRange;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Django's expiry arithmetic over the value stored under {@code _session_expiry}, in one place: the
 * session's expiry methods, the stores' expiry instants and the middleware's cookie ages all come from here.
 *
 * <p>The stored value is what current Django writes: absent (global policy), an integer number of seconds
 * ({@code 0} = at browser close), or an ISO-8601 string shaped like Python's {@code datetime.isoformat()}
 * (UTC with {@code +00:00} when {@code USE_TZ} is true, naive local time of {@code TIME_ZONE} otherwise).
 */
final class ExpiryPolicy {
    /** The session-data key Django stores a custom expiry under. */
    static final String EXPIRY_KEY = Expiry.DATA_KEY;


    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", java.util.Locale.ROOT);

    private final long cookieAgeSeconds;
    private final boolean expireAtBrowserClose;
    private final boolean useTz;
    private final ZoneId timeZone;
    private final Clock clock;

    /**
     * @param cookieAgeSeconds     SESSION_COOKIE_AGE
     * @param expireAtBrowserClose SESSION_EXPIRE_AT_BROWSER_CLOSE
     * @param useTz                USE_TZ: whether ISO strings carry a UTC offset
     * @param timeZone             TIME_ZONE: the zone of naive ISO strings
     * @param clock                the time source; tests move it instead of sleeping
     */
    public ExpiryPolicy(long cookieAgeSeconds, boolean expireAtBrowserClose, boolean useTz, ZoneId timeZone,
            Clock clock) {
        this.cookieAgeSeconds = cookieAgeSeconds;
        this.expireAtBrowserClose = expireAtBrowserClose;
        this.useTz = useTz;
        this.timeZone = timeZone;
        this.clock = clock;
    }

    public Clock clock() {
        return clock;
    }

    public Instant now() {
        return clock.instant();
    }

    public long cookieAgeSeconds() {
        return cookieAgeSeconds;
    }

    /** The value to store for {@code expiry}, or null when the key must be removed. */
    public Object toStored(Expiry expiry) {
        if (expiry instanceof Expiry.GlobalPolicy) {
            return null;
        }
        if (expiry instanceof Expiry.AtBrowserClose) {
            return 0L;
        }
        if (expiry instanceof Expiry.Inactivity inactivity) {
            return inactivity.seconds();
        }
        // Saturated to Python's datetime range: a "+12017-..." string would break every Django reader.
        if (expiry instanceof Expiry.At at) {
            return isoFormat(DatetimeRange.clamp(at.instant()));
        }
        Expiry.After after = (Expiry.After) expiry;
        return isoFormat(later(now(), after.duration()));
    }


    /**
     * {@code instant + duration} as Django computes it, kept within what Python's datetime can represent. With
     * USE_TZ true Django's datetimes are aware, so that is absolute time; with USE_TZ false they are naive local
     * time of TIME_ZONE and the duration is added to the wall clock (across a daylight-saving change, 12:00 plus
     * two weeks is 12:00 again, an hour away in absolute time).
     */
    private Instant later(Instant instant, Duration duration) {
        Instant absolute = DatetimeRange.plus(instant, duration);
        if (useTz || absolute.equals(DatetimeRange.MAX) || absolute.equals(DatetimeRange.MIN)) {
            return absolute;
        }
        return DatetimeRange.clamp(LocalDateTime.ofInstant(instant, timeZone).plus(duration).atZone(timeZone).toInstant());
    }


    /** The time between two instants as Django's datetime subtraction gives it (wall clock when naive). */
    private Duration between(Instant start, Instant end) {
        if (useTz) {
            return Duration.between(start, end);
        }
        return Duration.between(LocalDateTime.ofInstant(start, timeZone), LocalDateTime.ofInstant(end, timeZone));
    }

    /** The typed reading of a stored value; unreadable values count as the global policy. */
    public Expiry fromStored(Object stored) {
        if (stored == null || Boolean.FALSE.equals(stored)) {
            return Expiry.GLOBAL_POLICY;
        }
        if (stored instanceof Number number) {
            long seconds = saturatedSeconds(number);
            return seconds == 0 ? Expiry.AT_BROWSER_CLOSE : new Expiry.Inactivity(seconds);
        }
        if (stored instanceof String iso) {
            Instant instant = parseIso(iso);
            return instant == null ? Expiry.GLOBAL_POLICY : new Expiry.At(instant);
        }
        return Expiry.GLOBAL_POLICY;
    }

    /**
     * Django's {@code get_expiry_age(modification=, expiry=)}: seconds from {@code modification} until
     * the session expires, floored; an inactivity expiry is returned as it is.
     */
    public long expiryAge(Expiry expiry, Instant modification) {
        if (expiry instanceof Expiry.Inactivity inactivity) {
            return inactivity.seconds();
        }
        Instant end = absoluteEnd(expiry, modification);
        if (end == null) {
            return cookieAgeSeconds;
        }
        return between(modification, end).getSeconds();
    }

    /** Django's {@code get_expiry_date(modification=, expiry=)}. */
    public Instant expiryDate(Expiry expiry, Instant modification) {
        Instant end = absoluteEnd(expiry, modification);
        if (end != null) {
            return end;
        }
        long seconds = expiry instanceof Expiry.Inactivity inactivity ? inactivity.seconds() : cookieAgeSeconds;
        return later(modification, Duration.ofSeconds(seconds));
    }

    /**
     * The inverse of {@link #expiryDate} for a lifetime: the modification time from which {@code seconds}
     * lead to {@code end}, in the same arithmetic (stores that keep the modification time, not the expiry,
     * use it to write a record that reads back with the expiry it was given).
     */
    public Instant lifetimeStart(Instant end, long seconds) {
        return later(end, seconds == Long.MIN_VALUE ? Duration.ofSeconds(Long.MAX_VALUE) : Duration.ofSeconds(-seconds));
    }

    /** A stored integer as seconds; Python's unbounded integers saturate at the ends of {@code long}. */
    private static long saturatedSeconds(Number number) {
        if (number instanceof java.math.BigInteger big) {
            return big.signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return number.longValue();
    }

    /** Django's {@code get_expire_at_browser_close()}. */
    public boolean expireAtBrowserClose(Expiry expiry) {
        if (expiry instanceof Expiry.GlobalPolicy) {
            return expireAtBrowserClose;
        }
        return expiry instanceof Expiry.AtBrowserClose;
    }

    /** When a record holding {@code data}, written at {@code modification}, expires. */
    public Instant recordExpiry(java.util.Map<String, Object> data, Instant modification) {
        return expiryDate(fromStored(data.get(EXPIRY_KEY)), modification);
    }

    private Instant absoluteEnd(Expiry expiry, Instant modification) {
        if (expiry instanceof Expiry.At at) {
            return at.instant();
        }
        if (expiry instanceof Expiry.After after) {
            return later(modification, after.duration());
        }
        return null;
    }

    /** Python's {@code isoformat()} of this instant: microseconds only when non-zero, {@code +00:00} or naive. */
    public String isoFormat(Instant instant) {
        Instant micros = instant.truncatedTo(ChronoUnit.MICROS);
        LocalDateTime local = LocalDateTime.ofInstant(micros, useTz ? ZoneOffset.UTC : timeZone);
        StringBuilder out = new StringBuilder(SECONDS.format(local));
        int micro = local.getNano() / 1000;
        if (micro != 0) {
            // six digits, zero-padded, without a Formatter per call
            String digits = Integer.toString(micro);
            out.append('.').append("000000", digits.length(), 6).append(digits);
        }
        if (useTz) {
            out.append("+00:00");
        }
        return out.toString();
    }

    /**
     * Reads what Python's {@code datetime.fromisoformat} reads in the shapes Django writes: date and time
     * separated by {@code T} or a space, optional fraction, optional offset or {@code Z}. A naive value is
     * local time of TIME_ZONE. Returns null for anything else.
     */
    public Instant parseIso(String text) {
        String iso = text.trim();
        if (iso.length() > 10 && iso.charAt(10) == ' ') {
            iso = iso.substring(0, 10) + 'T' + iso.substring(11);
        }
        // Each text is parsed once, in the form it has: an exception per naive value (the common case when
        // USE_TZ is off) made this the costliest step of reading an expiry.
        boolean offset = hasOffset(iso);
        Instant first = offset ? parseOffset(iso) : parseLocal(iso);
        if (first != null) {
            return first;
        }
        return offset ? parseLocal(iso) : parseOffset(iso);
    }

    /**
     * Whether an offset ({@code Z}, {@code +hh:mm}, {@code -hh:mm}) seems to follow the time part. Only the
     * order of the two attempts depends on it: no text parses both with and without an offset.
     */
    private static boolean hasOffset(String iso) {
        for (int i = iso.length() - 1; i > 10; i--) {
            char c = iso.charAt(i);
            if (c == '+' || c == '-' || c == 'Z' || c == 'z') {
                return true;
            }
        }
        return false;
    }

    private static Instant parseOffset(String iso) {
        try {
            return OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException notOffset) {
            return null;
        }
    }

    private Instant parseLocal(String iso) {
        try {
            return LocalDateTime.parse(iso, DateTimeFormatter.ISO_LOCAL_DATE_TIME).atZone(timeZone).toInstant();
        } catch (DateTimeParseException notLocal) {
            return null;
        }
    }
}
