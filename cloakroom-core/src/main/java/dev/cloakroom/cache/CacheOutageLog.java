package dev.cloakroom.cache;

import org.slf4j.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How an outage of a cache is reported: one line when the first call fails (written by the caller, which knows
 * what it was doing, when {@link #failed} says an outage began), one line when a call succeeds again, with how
 * long it lasted and how many calls failed in between, and nothing per failed call. An outage of a busy cache
 * fails thousands of calls a second; a stack trace for each buried everything else in the log. Thread-safe;
 * time from the injected clock.
 */
public final class CacheOutageLog {
    private final Logger log;
    private final String name;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean down;
    private Instant since;

    /** @param name how the closing line names the cache, e.g. {@code Redis at redis://127.0.0.1:6379/0} */
    public CacheOutageLog(Logger log, String name, Clock clock) {
        this.log = Objects.requireNonNull(log, "log");
        this.name = Objects.requireNonNull(name, "name");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Counts a failed call.
     *
     * @return true for the first failure of an outage, which the caller logs (its message, never a stack trace)
     */
    public boolean failed() {
        failures.incrementAndGet();
        if (down) {
            return false;
        }
        lock.lock();
        try {
            if (down) {
                return false;
            }
            down = true;
            since = clock.instant();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Ends an outage, if one is under way, with one line. Cheap when none is: one volatile read. */
    public void succeeded() {
        if (!down) {
            return;
        }
        lock.lock();
        try {
            if (down) {
                down = false;
                log.info("{} answers again after {} ms; {} calls failed meanwhile", name,
                        Duration.between(since, clock.instant()).toMillis(), failures.getAndSet(0));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether an outage is under way: a call failed and none has succeeded since. */
    public boolean isDown() {
        return down;
    }
}
