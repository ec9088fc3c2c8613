package dev.cloakroom.jdbc.pool;

import dev.cloakroom.jdbc.DatabaseUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Fails requests at once while the session database is known to be unreachable, instead of letting each
 * one wait the whole connect timeout, and lets one request through every probe interval to find out
 * whether it is back; the first request that reaches the database again ends the outage.
 *
 * <p>Logs one line when an outage starts, one a minute while it lasts (with the count of requests failed
 * so far), and one when it ends; the failed requests themselves get an exception each, never a log line.
 * Time comes from an injected nanosecond ticker ({@code System::nanoTime} in production).
 */
public final class OutageBreaker {
    private static final Logger LOG = LoggerFactory.getLogger(OutageBreaker.class);
    /** How often a line reports an outage that goes on. */
    static final Duration REPORT_INTERVAL = Duration.ofMinutes(1);

    private final String database;
    private final long probeIntervalNanos;
    private final LongSupplier nanoTime;
    private final Runnable onOutage;
    private final Runnable onRecovery;
    /** Read without the lock on the healthy path; written under it. */
    private volatile Outage outage;

    /** A request that is let through: whether it is the one probe of the interval. */
    public record Admission(boolean probe) {
    }

    private static final Admission HEALTHY = new Admission(false);

    private static final class Outage {
        final long since;
        final String cause;
        long nextProbeAt;
        long nextReportAt;
        boolean probing;
        long failed;

        Outage(long since, String cause) {
            this.since = since;
            this.cause = cause;
        }
    }

    /**
     * @param database      the database as messages name it (its URL without the query)
     * @param probeInterval how long requests fail fast before one is let through to try the database again
     * @param nanoTime      the ticker
     * @param onOutage      run when an outage starts: the pool drops its connections, which are broken or hung
     *                      by then, so that none of them mars the outage's end with a failure of its own
     * @param onRecovery    run when it ends
     */
    public OutageBreaker(String database, Duration probeInterval, LongSupplier nanoTime, Runnable onOutage,
            Runnable onRecovery) {
        this.database = database;
        this.probeIntervalNanos = probeInterval.toNanos();
        this.nanoTime = nanoTime;
        this.onOutage = onOutage;
        this.onRecovery = onRecovery;
    }

    /**
     * Lets a unit of work through, or fails it at once during an outage unless it is the interval's probe.
     *
     * @throws DatabaseUnavailableException when the work is refused
     */
    public Admission admit(String action) {
        if (outage == null) {
            // the healthy path takes no lock, so requests are not serialised (nor virtual threads pinned)
            return HEALTHY;
        }
        return admitDuringOutage(action);
    }

    private synchronized Admission admitDuringOutage(String action) {
        Outage outage = this.outage;
        if (outage == null) {
            return HEALTHY;
        }
        long now = nanoTime.getAsLong();
        if (!outage.probing && now - outage.nextProbeAt >= 0) {
            outage.probing = true;
            return new Admission(true);
        }
        outage.failed++;
        if (now - outage.nextReportAt >= 0) {
            outage.nextReportAt = now + REPORT_INTERVAL.toNanos();
            LOG.warn("Session database {} still unavailable after {} s; {} requests failed so far", database,
                    seconds(now - outage.since), outage.failed);
        }
        throw new DatabaseUnavailableException("Session database " + database + " is unavailable while " + action
                + ": it has not answered for " + seconds(now - outage.since) + " s (" + outage.cause
                + "); failing at once until it answers", null);
    }

    /**
     * The work reached the database (even if the database refused the statement). Only a probe ends an outage:
     * work let through before the outage began may finish after it, having reached the database before it
     * went away, and must not declare it back (that made a cut connection log two outages in a row).
     */
    public void reached(Admission admission) {
        if (outage == null || !admission.probe()) {
            return;
        }
        ended();
    }

    private synchronized void ended() {
        Outage outage = this.outage;
        if (outage == null) {
            return;
        }
        long now = nanoTime.getAsLong();
        LOG.warn("Session database {} answers again after {} s of outage; {} requests failed meanwhile", database,
                seconds(now - outage.since), outage.failed);
        this.outage = null;
        onRecovery.run();
    }

    /** The work could not reach the database: an outage starts, or goes on until the next probe. */
    public synchronized void unreachable(Admission admission, String cause) {
        long now = nanoTime.getAsLong();
        if (outage == null) {
            Outage started = new Outage(now, cause);
            started.nextReportAt = now + REPORT_INTERVAL.toNanos();
            started.nextProbeAt = now + probeIntervalNanos;
            outage = started;
            LOG.warn("Session database {} is unavailable ({}); requests fail at once, and one every {} ms tries "
                    + "again, until it answers", database, cause, TimeUnit.NANOSECONDS.toMillis(probeIntervalNanos));
            onOutage.run();
        } else if (admission.probe()) {
            outage.probing = false;
            outage.nextProbeAt = now + probeIntervalNanos;
        }
        outage.failed++;
    }

    /**
     * The work ended without telling whether the database answers (an {@link Error} was thrown): a probe lets
     * the next one through after the probe interval.
     */
    public synchronized void abandoned(Admission admission) {
        if (outage != null && admission.probe()) {
            outage.probing = false;
            outage.nextProbeAt = nanoTime.getAsLong() + probeIntervalNanos;
        }
    }

    /** Whether requests are failing fast now. */
    public boolean inOutage() {
        return outage != null;
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e9);
    }
}
