package dev.cloakroom.redis;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.CacheSkippedException;
import dev.cloakroom.cache.CircuitBreakingCacheBackend;
import dev.cloakroom.redis.support.LocalRedisSentinels;
import dev.cloakroom.redis.support.LocalRedisServers;
import dev.cloakroom.redis.support.RequiresRedisBinaries;
import dev.cloakroom.redis.support.SentinelEvents;
import dev.cloakroom.session.Session;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.CircuitBreakerPolicy;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.testkit.SessionContractSupport;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The master is killed (SIGKILL) while four threads run requests against a {@code redis-sentinel://} cache engine
 * with the default {@code failoverTimeout} (35 s) and the default circuit breaker: commands issued between the kill
 * and the promotion wait for the new master instead of failing, so at most the requests in flight at the kill may
 * fail (one per thread), none after the Sentinels switched the master, the breaker never opens, and no session
 * written before the kill (confirmed by a replica where {@code waitReplicas=1} asks for it) is lost. The figures
 * are logged; docs/reliability.md quotes them.
 *
 * <p>Phases follow the Sentinels' own announcements ({@code +odown}, {@code +switch-master},
 * {@code +failover-end}) on the Sentinels' Pub/Sub channels. The Sentinels declare the master down after
 * {@link #DOWN_AFTER}; each run stops after {@link #RUN_LIMIT} whatever happens.
 */
@RequiresRedisBinaries
class RedisSentinelFailoverTest {
    private static final Logger LOG = LoggerFactory.getLogger(RedisSentinelFailoverTest.class);
    static final Duration DOWN_AFTER = Duration.ofMillis(2000);
    static final Duration SENTINEL_FAILOVER_TIMEOUT = Duration.ofMillis(5000);
    private static final int THREADS = 4;
    private static final int SESSIONS_BEFORE_THE_KILL = 50;
    private static final Duration PAUSE_BETWEEN_REQUESTS = Duration.ofMillis(10);
    private static final Duration RUN_LIMIT = Duration.ofSeconds(40);
    /** How long requests keep running once the master has been switched. */
    private static final Duration AFTER_THE_SWITCH = Duration.ofSeconds(2);

    /** One request: which thread, started and ended (nanoTime), why it failed (null if it did not), what it saved. */
    private record Request(int thread, long started, long ended, String failure, boolean skipped, String savedKey,
            int savedValue) {
        boolean failed() {
            return failure != null;
        }

        /** Whether it ran at some moment between {@code from} and {@code to}. */
        boolean inFlightDuring(long from, long to) {
            return started <= to && ended >= from;
        }
    }

    @Test
    void withOneReplicaOnlyRequestsInFlightAtTheKillMayFailAndNoSessionWrittenBeforeItIsLost() throws Exception {
        failover(1, "keyPrefix=failover:");
    }

    @Test
    void withWaitReplicasEverySaveConfirmedBeforeTheKillSurvivesIt() throws Exception {
        // Two replicas: after the failover the promoted one still has a replica to confirm writes (waitReplicas=1);
        // with one, every write would fail until the old master came back as a replica.
        failover(2, "keyPrefix=failover:&waitReplicas=1");
    }

    private void failover(int replicas, String options) throws Exception {
        boolean confirmed = options.contains("waitReplicas");
        try (LocalRedisSentinels sentinels = new LocalRedisSentinels(replicas, DOWN_AFTER, SENTINEL_FAILOVER_TIMEOUT);
             CacheBackend redis = new RedisCacheBackendProvider().create(sentinels.url(options), Clock.systemUTC())) {
            CircuitBreakingCacheBackend breaker = new CircuitBreakingCacheBackend(redis, "cache 'default'",
                    CircuitBreakerPolicy.DEFAULT);
            SessionSettings settings = SessionSettings.builder().secretKey(SessionContractSupport.SECRET_KEY)
                    .engine("cache").build();
            try (SessionEngine engine = SessionEngines.builder(settings).cache("default", breaker).build()) {
                run(sentinels, engine, breaker, confirmed);
            }
        }
    }

    private void run(LocalRedisSentinels sentinels, SessionEngine engine, CircuitBreakingCacheBackend breaker,
            boolean confirmed) throws Exception {
        // The first connection of a JVM can be slow on a busy machine; it is not what is measured here.
        LocalRedisServers.awaitCondition("a first session saved through the Sentinels", Duration.ofSeconds(20),
                () -> {
                    try {
                        Session warm = engine.open(null);
                        warm.put("warm", true);
                        warm.save();
                        return breaker.isClosed();
                    } catch (RuntimeException notYet) {
                        return false;
                    }
                });
        List<String> beforeTheKill = new ArrayList<>();
        for (int i = 0; i < SESSIONS_BEFORE_THE_KILL; i++) {
            Session session = engine.open(null);
            session.put("n", i);
            session.save();
            beforeTheKill.add(session.getSessionKey());
        }
        if (!confirmed) {
            // Without WAIT a write reaches the replica a moment after it is answered; these 50 count as written
            // before the kill once the replica has everything the master has.
            sentinels.awaitReplicasCaughtUp();
        }

        ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean breakerOpened = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            threads.add(new Thread(() -> runRequests(thread, engine, beforeTheKill, requests, stop),
                    "failover-traffic-" + t));
        }
        // The breaker stays open for at least its retry interval (1 s) once open, so sampling finds it.
        Thread breakerWatch = new Thread(() -> {
            while (!stop.get()) {
                if (!breaker.isClosed()) {
                    breakerOpened.set(true);
                }
                pause(5);
            }
        }, "failover-breaker-watch");
        long killed;
        long dead;
        long odown;
        long switched;
        long failoverEnd;
        String switchMessage;
        try (SentinelEvents events = new SentinelEvents(sentinels.sentinelPorts())) {
            threads.forEach(Thread::start);
            breakerWatch.start();
            Thread.sleep(500);
            killed = System.nanoTime();
            sentinels.killMaster();
            // The process died somewhere between the two instants: a request in flight then is in flight at the kill.
            dead = System.nanoTime();
            switched = events.await("+switch-master", RUN_LIMIT);
            switchMessage = events.message("+switch-master");
            odown = seenBy(events, "+odown", Duration.ZERO);
            failoverEnd = seenBy(events, "+failover-end", Duration.ofSeconds(1));
            Thread.sleep(AFTER_THE_SWITCH.toMillis());
        } finally {
            stop.set(true);
            for (Thread thread : threads) {
                thread.join(RUN_LIMIT.toMillis());
            }
            breakerWatch.join(RUN_LIMIT.toMillis());
        }

        List<Request> run = new ArrayList<>(requests);
        List<Request> failed = run.stream().filter(Request::failed).toList();
        long inFlight = run.stream().filter(r -> r.inFlightDuring(killed, dead)).count();
        long afterTheSwitch = run.stream().filter(r -> r.started() > switched).count();
        // The first request issued after the master died to be answered: it waited for the new master.
        long servedAgain = run.stream().filter(r -> !r.failed() && r.started() > dead).mapToLong(Request::ended)
                .min().orElse(-1);
        long slowest = run.stream().mapToLong(r -> r.ended() - r.started()).max().orElse(0);
        LOG.info("failover ({}): {} requests, {} failed, {} in flight at the kill; killed -> +odown {} ms,"
                        + " -> +switch-master {} ms ({}), -> +failover-end {} ms, -> first request issued after the"
                        + " kill answered {} ms; slowest request {} ms; {} requests started after the switch; breaker"
                        + " opened: {}; failures: {}",
                confirmed ? "waitReplicas=1, 2 replicas" : "1 replica", run.size(), failed.size(), inFlight,
                millis(odown, killed), millis(switched, killed), switchMessage, millis(failoverEnd, killed),
                millis(servedAgain, killed), slowest / 1_000_000, afterTheSwitch, breakerOpened.get(),
                failed.stream().map(Request::failure).distinct().toList());

        assertThat(failed).as("failed requests that were not in flight when the master was killed")
                .allMatch(r -> r.inFlightDuring(killed, dead));
        assertThat((long) failed.size()).as("failed requests").isLessThanOrEqualTo(inFlight)
                .isLessThanOrEqualTo(THREADS);
        assertThat(failed).as("requests started after the Sentinels switched the master that failed")
                .noneMatch(r -> r.started() > switched);
        assertThat(afterTheSwitch).as("requests run after the switch").isPositive();
        assertThat(breakerOpened).as("the cache's circuit breaker opened during the failover").isFalse();
        assertThat(run).as("requests skipped by the breaker").noneMatch(Request::skipped);

        for (int i = 0; i < beforeTheKill.size(); i++) {
            Map<String, Object> data = engine.open(beforeTheKill.get(i)).asMap();
            assertThat(data).as("session %d saved before the kill", i).containsKey("n");
            assertThat(((Number) data.get("n")).intValue()).isEqualTo(i);
        }
        int lostUnconfirmed = 0;
        for (Request request : run) {
            if (request.failed()) {
                continue;
            }
            Map<String, Object> data = engine.open(request.savedKey()).asMap();
            boolean mustSurvive = confirmed || request.started() > switched;
            if (!mustSurvive && !data.containsKey("v")) {
                // Answered by the old master just before the kill and not yet on the replica: without WAIT,
                // nothing promised more.
                lostUnconfirmed++;
                continue;
            }
            assertThat(data).as("a session whose save succeeded during the run").containsKey("v");
            assertThat(((Number) data.get("v")).intValue()).isEqualTo(request.savedValue());
        }
        LOG.info("failover ({}): unconfirmed saves answered before the kill and lost with the old master: {}",
                confirmed ? "waitReplicas=1" : "1 replica", lostUnconfirmed);
    }

    /**
     * Requests one after another until told to stop: each reads a session saved before the kill (a read that
     * finds it empty counts as failed, since the store answers "missing" while Redis is unreachable) and saves a
     * new one.
     */
    private static void runRequests(int thread, SessionEngine engine, List<String> existing,
            ConcurrentLinkedQueue<Request> log, AtomicBoolean stop) {
        int n = thread * 1_000_000;
        while (!stop.get()) {
            long started = System.nanoTime();
            String failure = null;
            boolean skipped = false;
            String savedKey = null;
            try {
                if (engine.open(existing.get(n % existing.size())).asMap().isEmpty()) {
                    failure = "a session saved before the kill read as empty";
                } else {
                    Session fresh = engine.open(null);
                    fresh.put("v", n);
                    fresh.save();
                    savedKey = fresh.getSessionKey();
                }
            } catch (RuntimeException unavailable) {
                Throwable root = unavailable;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                failure = unavailable.getClass().getSimpleName() + ": " + unavailable.getMessage()
                        + (root == unavailable ? "" : " (cause " + root.getClass().getSimpleName() + ": "
                        + root.getMessage() + ")");
                for (Throwable cause = unavailable; cause != null; cause = cause.getCause()) {
                    skipped |= cause instanceof CacheSkippedException;
                }
            }
            log.add(new Request(thread, started, System.nanoTime(), failure, skipped, savedKey, n));
            n++;
            pause(PAUSE_BETWEEN_REQUESTS.toMillis());
        }
    }

    /** When {@code channel} was announced, waiting up to {@code timeout} more; -1 when it was not. */
    private static long seenBy(SentinelEvents events, String channel, Duration timeout) throws InterruptedException {
        try {
            return events.await(channel, timeout);
        } catch (AssertionError notAnnounced) {
            return -1;
        }
    }

    private static long millis(long instant, long since) {
        return instant < 0 ? -1 : (instant - since) / 1_000_000;
    }

    /** A pause that ends early, quietly, when interrupted (the run is ending). */
    private static void pause(long millis) {
        LockSupport.parkNanos(millis * 1_000_000);
    }

}
