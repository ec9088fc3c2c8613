package dev.cloakroom.redis;

import dev.cloakroom.redis.support.LocalRedisSentinels;
import dev.cloakroom.redis.support.LocalRedisServers;
import dev.cloakroom.redis.support.RequiresRedisBinaries;
import dev.cloakroom.session.Session;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.testkit.SessionContractSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The master is killed (SIGKILL) while requests run against a {@code redis-sentinel://} cache engine with
 * {@code waitReplicas=1} over a master with two replicas: the Sentinels promote a replica, the backend follows them there without a restart, no
 * request fails once it has, and no session saved before the kill (nor any save that succeeded during the run) is
 * lost. The figures (failed requests, how long the cache was unavailable) are logged; the README quotes them.
 *
 * <p>Bounded in time: the Sentinels declare the master down after {@link LocalRedisSentinels#DOWN_AFTER}, and the
 * whole run stops after {@link #RUN_LIMIT} whatever happens.
 */
@RequiresRedisBinaries
class RedisSentinelFailoverTest {
    private static final Logger LOG = LoggerFactory.getLogger(RedisSentinelFailoverTest.class);
    private static final int SESSIONS_BEFORE_THE_KILL = 50;
    private static final Duration PAUSE_BETWEEN_REQUESTS = Duration.ofMillis(10);
    private static final Duration RUN_LIMIT = Duration.ofSeconds(40);
    /** How long requests keep running after the first one that succeeded on the promoted master. */
    private static final Duration AFTER_RECOVERY = Duration.ofSeconds(2);

    private LocalRedisSentinels sentinels;

    /** One request: started, ended (nanoTime), whether it failed, and the session it saved if it did not. */
    private record Request(long started, long ended, boolean failed, String savedKey, int savedValue) {
    }

    @BeforeEach
    void startSentinels() {
        // Two replicas: after the failover the promoted one still has a replica to confirm writes (waitReplicas=1);
        // with one, every write would fail until the old master came back as a replica.
        sentinels = new LocalRedisSentinels(2);
    }

    @AfterEach
    void stopSentinels() {
        sentinels.close();
    }

    @Test
    void afterTheMasterIsKilledOnlyRequestsDuringTheFailoverFailAndNoSavedSessionIsLost() throws Exception {
        SessionSettings settings = SessionSettings.builder().secretKey(SessionContractSupport.SECRET_KEY)
                .engine("cache").raw("CACHE_DEFAULT_URL", sentinels.url("keyPrefix=failover:&waitReplicas=1"))
                .build();
        try (SessionEngine engine = SessionEngines.create(settings, Clock.systemUTC())) {
            // The first connection of a JVM can be slow on a busy machine; it is not what is measured here.
            LocalRedisServers.awaitCondition("a first session saved through the Sentinels", Duration.ofSeconds(20),
                    () -> {
                        try {
                            Session warm = engine.open(null);
                            warm.put("warm", true);
                            warm.save();
                            return true;
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

            ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread traffic = new Thread(() -> runRequests(engine, beforeTheKill, requests, stop), "failover-traffic");
            traffic.start();
            long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
            long killed;
            long promoted;
            try {
                Thread.sleep(500);
                killed = System.nanoTime();
                sentinels.killMaster();
                LocalRedisServers.awaitCondition("the Sentinels naming a replica as master", RUN_LIMIT,
                        () -> sentinels.replicaPorts().contains(sentinels.currentMasterPort()));
                promoted = System.nanoTime();
                while (firstSuccessAfter(requests, killed) < 0 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                long recovered = firstSuccessAfter(requests, killed);
                assertThat(recovered).as("a request succeeding after the failover, within %s", RUN_LIMIT)
                        .isPositive();
                Thread.sleep(AFTER_RECOVERY.toMillis());
            } finally {
                stop.set(true);
                traffic.join(RUN_LIMIT.toMillis());
            }

            List<Request> run = new ArrayList<>(requests);
            long recovered = firstSuccessAfter(requests, killed);
            List<Request> failed = run.stream().filter(Request::failed).toList();
            long afterRecovery = run.stream().filter(r -> r.started() > recovered).count();
            LOG.info("failover: {} requests, {} failed; master killed -> Sentinels named the replica {} ms;"
                            + " killed -> first request served again {} ms; {} requests after that, none failed",
                    run.size(), failed.size(), (promoted - killed) / 1_000_000, (recovered - killed) / 1_000_000,
                    afterRecovery);

            assertThat(failed).as("requests that failed before the master was killed")
                    .noneMatch(r -> r.ended() < killed);
            assertThat(failed).as("requests that failed after the first one served by the promoted master")
                    .noneMatch(r -> r.started() > recovered);
            assertThat(afterRecovery).as("requests run after the failover").isPositive();

            for (int i = 0; i < beforeTheKill.size(); i++) {
                Map<String, Object> data = engine.open(beforeTheKill.get(i)).asMap();
                assertThat(data).as("session %d saved before the kill", i).containsKey("n");
                assertThat(((Number) data.get("n")).intValue()).isEqualTo(i);
            }
            for (Request request : run) {
                if (!request.failed()) {
                    Map<String, Object> data = engine.open(request.savedKey()).asMap();
                    assertThat(data).as("a session whose save succeeded during the run").containsKey("v");
                    assertThat(((Number) data.get("v")).intValue()).isEqualTo(request.savedValue());
                }
            }
        }
    }

    /**
     * Requests one after another until told to stop: each reads a session saved before the kill (a read that finds
     * it empty counts as failed, since the store answers "missing" while Redis is unreachable) and saves a new one.
     */
    private static void runRequests(SessionEngine engine, List<String> existing, ConcurrentLinkedQueue<Request> log,
            AtomicBoolean stop) {
        int n = 0;
        while (!stop.get()) {
            long started = System.nanoTime();
            boolean failed;
            String savedKey = null;
            try {
                failed = engine.open(existing.get(n % existing.size())).asMap().isEmpty();
                Session fresh = engine.open(null);
                fresh.put("v", n);
                fresh.save();
                savedKey = fresh.getSessionKey();
            } catch (RuntimeException unavailable) {
                failed = true;
            }
            log.add(new Request(started, System.nanoTime(), failed, failed ? null : savedKey, n));
            n++;
            try {
                Thread.sleep(PAUSE_BETWEEN_REQUESTS.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** When the first request that started after {@code instant} and succeeded ended; -1 when none has. */
    private static long firstSuccessAfter(Iterable<Request> requests, long instant) {
        for (Request request : requests) {
            if (request.started() > instant && !request.failed()) {
                return request.ended();
            }
        }
        return -1;
    }
}
