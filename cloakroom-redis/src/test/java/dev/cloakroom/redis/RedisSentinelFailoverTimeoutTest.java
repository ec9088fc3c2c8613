package dev.cloakroom.redis;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.CacheBackend.CasResult;
import dev.cloakroom.cache.CacheUnavailableException;
import dev.cloakroom.redis.support.LocalRedisSentinels;
import dev.cloakroom.redis.support.LocalRedisServers;
import dev.cloakroom.redis.support.RequiresRedisBinaries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a command does while the master is lost. When no failover comes (master and replica both killed, so the
 * Sentinels have nobody to promote): with {@code failoverTimeout} it waits that long and then fails with a message
 * naming the option; with {@code failoverTimeout=0s} it fails at once, as before the option existed. When one
 * comes, a command that was in flight when the master died (sent to a frozen master, which is then killed) is
 * issued again on the promoted replica and answers there.
 */
@RequiresRedisBinaries
class RedisSentinelFailoverTimeoutTest {
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    /** Room for a loaded machine on top of the bounds under test. */
    private static final Duration SLACK = Duration.ofMillis(1500);

    private LocalRedisSentinels sentinels;

    @BeforeEach
    void startSentinels() {
        sentinels = new LocalRedisSentinels(1, RedisSentinelFailoverTest.DOWN_AFTER,
                RedisSentinelFailoverTest.SENTINEL_FAILOVER_TIMEOUT);
    }

    @AfterEach
    void stopSentinels() {
        sentinels.close();
    }

    @Test
    void aCommandWaitingForAMasterFailsOnceFailoverTimeoutHasPassedNamingIt() {
        try (CacheBackend cache = backend("failoverTimeout=" + FAILOVER_TIMEOUT.toMillis() + "ms")) {
            warmUp(cache);
            killEverything();
            long started = System.nanoTime();
            assertThatThrownBy(() -> cache.get("k"))
                    .isInstanceOf(CacheUnavailableException.class)
                    .hasMessageContaining("Redis GET at")
                    .hasMessageContaining("no master answered within failoverTimeout=1000ms");
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            // It waited (a refusal comes back in milliseconds) and not much longer than asked: one ordinary
            // timeout if the command went out before the drop was noticed, then the wait.
            assertThat(took).isGreaterThanOrEqualTo(FAILOVER_TIMEOUT)
                    .isLessThan(FAILOVER_TIMEOUT.plus(TIMEOUT).plus(SLACK));
        }
    }

    @Test
    void withFailoverTimeoutZeroACommandFailsAtOnceWhileTheMasterIsLost() {
        try (CacheBackend cache = backend("failoverTimeout=0s")) {
            warmUp(cache);
            killEverything();
            long started = System.nanoTime();
            assertThatThrownBy(() -> cache.get("k")).isInstanceOf(CacheUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT);
        }
    }

    @Test
    void commandsInFlightWhenTheMasterDiesAreIssuedAgainOnThePromotedReplica() throws Exception {
        try (CacheBackend cache = backend("failoverTimeout=35s")) {
            warmUp(cache);
            cache.set("saved", "loaded", Duration.ofMinutes(1));
            sentinels.awaitReplicasCaughtUp();
            sentinels.freezeMaster();
            CompletableFuture<Optional<String>> read = CompletableFuture.supplyAsync(() -> cache.get("k"));
            CompletableFuture<CasResult> save = CompletableFuture.supplyAsync(
                    () -> cache.compareAndSet("saved", "loaded", "saved again", Duration.ofMinutes(1)));
            CompletableFuture<Boolean> add = CompletableFuture.supplyAsync(
                    () -> cache.add("new", "fresh", Duration.ofMinutes(1)));
            // Sent, and unanswered: the frozen master has them in its socket buffer.
            Thread.sleep(200);
            assertThat(read).as("a read sent to the frozen master").isNotDone();
            long killed = System.nanoTime();
            sentinels.killMaster();
            assertThat(read.get(30, TimeUnit.SECONDS)).contains("v");
            assertThat(save.get(30, TimeUnit.SECONDS)).isEqualTo(CasResult.SWAPPED);
            assertThat(add.get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - killed)).as("answered after the promotion")
                    .isGreaterThanOrEqualTo(RedisSentinelFailoverTest.DOWN_AFTER.minusMillis(200));
            assertThat(sentinels.currentMasterPort()).isEqualTo(sentinels.replicaPort());
            List<String> promoted = LocalRedisServers.withCommands(sentinels.replicaPort(), redis -> List.of(
                    redis.get("timeout-test:saved"), redis.get("timeout-test:new")));
            assertThat(promoted)
                    .as("on the promoted replica").containsExactly("saved again", "fresh");
        }
    }

    private CacheBackend backend(String option) {
        return new RedisCacheBackendProvider().create(sentinels.url("keyPrefix=timeout-test:&timeout="
                + TIMEOUT.toMillis() + "ms&" + option), java.time.Clock.systemUTC());
    }

    private static void warmUp(CacheBackend cache) {
        LocalRedisServers.awaitCondition("the backend connected to the master", Duration.ofSeconds(20), () -> {
            try {
                cache.set("k", "v", Duration.ofMinutes(1));
                return cache.get("k").isPresent();
            } catch (RuntimeException notYet) {
                return false;
            }
        });
    }

    private void killEverything() {
        sentinels.kill(sentinels.replicaPort());
        sentinels.killMaster();
    }
}
