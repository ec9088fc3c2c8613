package dev.cloakroom.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.function.LongSupplier;

/** A clock tests move by hand: time never passes by itself, so no test sleeps. */
public final class MutableClock extends Clock {
    private Instant now;

    public MutableClock(Instant start) {
        this.now = start;
    }

    public static MutableClock atEpochSecond(long seconds) {
        return new MutableClock(Instant.ofEpochSecond(seconds));
    }

    public void advance(Duration by) {
        now = now.plus(by);
    }

    public void set(Instant instant) {
        now = instant;
    }

    /** A nanosecond ticker that moves with this clock (and back, if a test sets the clock back). */
    public LongSupplier ticker() {
        return () -> ChronoUnit.NANOS.between(Instant.EPOCH, now);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a test clock stays in UTC");
    }
}
