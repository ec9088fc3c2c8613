package dev.cloakroom.python;

import java.time.Duration;
import java.time.Instant;

/**
 * The range of Python's {@code datetime}, which bounds every instant Django can store or read: an expiry
 * beyond it would break every Django reader of the session, so arithmetic on expiries saturates here instead
 * of overflowing.
 */
public final class DatetimeRange {
    /** Python's {@code datetime.max}, as UTC. */
    public static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999Z");
    /** Python's {@code datetime.min}, as UTC. */
    public static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");

    private DatetimeRange() {
    }

    /** {@code instant}, or the nearer end of the range when it lies outside. */
    public static Instant clamp(Instant instant) {
        return instant.isAfter(MAX) ? MAX : instant.isBefore(MIN) ? MIN : instant;
    }

    /** {@code instant + duration} in absolute time, saturated at the ends of the range. */
    public static Instant plus(Instant instant, Duration duration) {
        if (duration.compareTo(between(instant, MAX)) >= 0) {
            return MAX;
        }
        if (duration.compareTo(between(instant, MIN)) <= 0) {
            return MIN;
        }
        return instant.plus(duration);
    }

    /**
     * {@code Duration.between(from, to)} without its slow path: that counts nanoseconds first and, for spans
     * beyond 292 years (the ends of this range always are), throws and catches an ArithmeticException before
     * counting seconds, twice per expiry computed, which was a fifth of a request's CPU. Seconds and nanos are
     * subtracted apart here; no Instant's seconds differ by more than a long holds.
     */
    private static Duration between(Instant from, Instant to) {
        return Duration.ofSeconds(to.getEpochSecond() - from.getEpochSecond(), to.getNano() - from.getNano());
    }
}
