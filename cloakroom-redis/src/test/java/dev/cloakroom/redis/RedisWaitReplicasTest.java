package dev.cloakroom.redis;

import dev.cloakroom.cache.ReplicationShortfallException;
import dev.cloakroom.session.Session;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.store.SessionStoreException;
import dev.cloakroom.testkit.LogCapture;
import dev.cloakroom.testkit.ServerProcess;
import dev.cloakroom.testkit.SessionContractSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code waitReplicas} on a Redis of the test's own with no replica, so that every {@code WAIT} falls short after
 * half the timeout: the waits hold up no unrelated command, and a shortfall is reported as such, not as an
 * outage, so the circuit breaker in front of the cache stays closed and sessions stay readable.
 */
class RedisWaitReplicasTest {
    /** Far below the 1 s each WAIT takes here; what a read on a free connection may take on a loaded machine. */
    private static final Duration UNRELATED_READ_BOUND = Duration.ofMillis(400);

    private ServerProcess redis;

    @BeforeEach
    void startRedis() throws Exception {
        redis = ServerProcess.redis().start();
    }

    @AfterEach
    void stopRedis() {
        redis.close();
    }

    @Test
    void concurrentWritesWaitingForAMissingReplicaDoNotDelayAnUnrelatedRead() throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(3);
        try (RedisCacheBackend cache = new RedisCacheBackend(RedisCacheUrl.parse(url()))) {
            assertThat(cache.get("warm-up")).isEmpty();
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String key = "w" + i;
                writes.add(writers.submit(() -> cache.set(key, "v", Duration.ofMinutes(1))));
            }
            Thread.sleep(50);
            long started = System.nanoTime();
            assertThat(cache.get("unrelated")).isEmpty();
            Duration read = Duration.ofNanos(System.nanoTime() - started);
            assertThat(read).as("a read while three writes wait for a replica").isLessThan(UNRELATED_READ_BOUND);
            for (Future<?> write : writes) {
                assertThatThrownBy(write::get).isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(ReplicationShortfallException.class)
                        .hasMessageContaining("written to the master but confirmed by 0 of the 1 replicas");
            }
            assertThat(cache.get("w0")).as("the write landed on the master").contains("v");
        } finally {
            writers.shutdownNow();
        }
    }

    @Test
    void aShortfallFailsTheSaveButLeavesTheCacheBreakerClosedAndSessionsReadable() {
        try (LogCapture log = LogCapture.start();
             SessionEngine plain = SessionEngines.create(settings(""));
             SessionEngine waiting = SessionEngines.create(settings("&waitReplicas=1"))) {
            Session stored = plain.open(null);
            stored.put("a", 1);
            stored.save();

            Session unconfirmed = waiting.open(null);
            unconfirmed.put("b", 2);
            assertThatThrownBy(unconfirmed::save).as("a save no replica confirmed is never reported as done")
                    .isInstanceOf(SessionStoreException.class)
                    .hasRootCauseInstanceOf(ReplicationShortfallException.class);

            Session read = waiting.open(stored.getSessionKey());
            assertThat(read.asMap()).as("an existing session right after a shortfall").containsKey("a");
            assertThat(log.text()).as("no outage logged while Redis answers")
                    .doesNotContain("is unavailable").doesNotContain("skipping it");
        }
    }

    private SessionSettings settings(String extra) {
        return SessionSettings.builder().secretKey(SessionContractSupport.SECRET_KEY).engine("cache")
                .raw("CACHE_DEFAULT_URL", "redis://127.0.0.1:" + redis.port() + "/0?timeout=2s" + extra).build();
    }

    private String url() {
        return "redis://127.0.0.1:" + redis.port() + "/0?timeout=2s&waitReplicas=1";
    }
}
