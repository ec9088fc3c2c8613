package dev.cloakroom.redis;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.CacheBackend.CasResult;
import dev.cloakroom.cache.CacheBackendProvider;
import dev.cloakroom.cache.ReplicationShortfallException;
import dev.cloakroom.redis.support.LocalRedisSentinels;
import dev.cloakroom.redis.support.LocalRedisServers;
import dev.cloakroom.redis.support.RequiresRedisBinaries;
import dev.cloakroom.redis.support.TestRedis;
import dev.cloakroom.testkit.CacheBackendContract;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.ServiceLoader;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The CacheBackend contract on a Sentinel-managed master (a master, a replica and three Sentinels that this class
 * starts), through {@code redis-sentinel://} and the provider; and {@code waitReplicas}: what it guarantees, how
 * it fails, and what it costs per write.
 */
@RequiresRedisBinaries
class RedisSentinelBackendTest extends CacheBackendContract {
    private static final Logger LOG = LoggerFactory.getLogger(RedisSentinelBackendTest.class);
    private static final int MEASURED_WRITES = 300;

    private static LocalRedisSentinels sentinels;
    private final String prefix = "cloakroom-sentinel-test:" + UUID.randomUUID() + ":";

    @BeforeAll
    static void startSentinels() {
        sentinels = new LocalRedisSentinels();
    }

    @AfterAll
    static void stopSentinels() {
        if (sentinels != null) {
            sentinels.close();
        }
    }

    @Override
    protected CacheBackend createBackend(Clock clock) {
        for (CacheBackendProvider provider : ServiceLoader.load(CacheBackendProvider.class)) {
            if (provider.schemes().contains("redis-sentinel")) {
                // Connecting asks a Sentinel for the master and then connects to it: two connections in a row,
                // which on a loaded CI machine may not fit the default 2 s the first time.
                return provider.create(sentinels.url("keyPrefix=" + prefix + "&timeout=5s"), clock);
            }
        }
        throw new AssertionError("no CacheBackendProvider serves the redis-sentinel scheme");
    }

    @Override
    protected boolean followsInjectedClock() {
        return false;
    }

    @Test
    void writesGoToTheMasterTheSentinelsName() {
        cache.set(key("k"), "v", ttl());
        String onMaster = LocalRedisServers.withCommands(sentinels.masterPort(), redis -> redis.get(prefix + key("k")));
        assertThat(onMaster).isEqualTo("v");
        assertThat(sentinels.currentMasterPort()).isEqualTo(sentinels.masterPort());
    }

    /**
     * With {@code waitReplicas=1} every write is on the replica when it returns, read there at once; the same
     * number of writes without it gives the figures it costs (logged, and quoted in the README).
     */
    @Test
    void withWaitReplicasEveryWriteIsOnTheReplicaWhenItReturnsAtTheCostOfAReplicationRoundTrip() {
        RedisClient replicaClient = RedisClient.create(RedisURI.builder().withHost(TestRedis.HOST)
                .withPort(sentinels.replicaPort()).withTimeout(Duration.ofSeconds(5)).build());
        try (CacheBackend waiting = new RedisCacheBackend(RedisCacheUrl.parse(
                sentinels.url("keyPrefix=" + prefix + "&waitReplicas=1&timeout=5s")));
             StatefulRedisConnection<String, String> replicaConnection = replicaClient.connect()) {
            RedisCommands<String, String> replica = replicaConnection.sync();
            long[] withWait = new long[MEASURED_WRITES];
            waiting.set(key("w"), "0", ttl());
            for (int i = 0; i < MEASURED_WRITES; i++) {
                long started = System.nanoTime();
                assertThat(waiting.compareAndSet(key("w"), Integer.toString(i), Integer.toString(i + 1), ttl()))
                        .isEqualTo(CasResult.SWAPPED);
                withWait[i] = System.nanoTime() - started;
                assertThat(replica.get(prefix + key("w"))).as("the replica right after write %d", i + 1)
                        .isEqualTo(Integer.toString(i + 1));
            }
            long[] withoutWait = new long[MEASURED_WRITES];
            cache.set(key("n"), "0", ttl());
            for (int i = 0; i < MEASURED_WRITES; i++) {
                long started = System.nanoTime();
                assertThat(cache.compareAndSet(key("n"), Integer.toString(i), Integer.toString(i + 1), ttl()))
                        .isEqualTo(CasResult.SWAPPED);
                withoutWait[i] = System.nanoTime() - started;
            }
            LOG.info("conditional save latency over {} writes, without waitReplicas: {}; with waitReplicas=1: {}",
                    MEASURED_WRITES, summary(withoutWait), summary(withWait));
        } finally {
            replicaClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /**
     * Two replicas asked for, one there: WAIT answers 1 after half the timeout (before the command timeout could
     * cut it off, or the message would be a timeout's), and the write is reported, not counted as done.
     */
    @Test
    void aWriteFewerReplicasConfirmThanWaitReplicasAsksForIsReportedNotCountedAsDone() {
        try (CacheBackend waitingForTwo = new RedisCacheBackend(RedisCacheUrl.parse(
                sentinels.url("keyPrefix=" + prefix + "&waitReplicas=2&timeout=5s")))) {
            assertThatThrownBy(() -> waitingForTwo.set(key("k"), "v", ttl()))
                    .isInstanceOf(ReplicationShortfallException.class)
                    .hasMessageContaining("confirmed by 1 of the 2 replicas");
            String onMaster = LocalRedisServers.withCommands(sentinels.masterPort(),
                    redis -> redis.get(prefix + key("k")));
            assertThat(onMaster).as("the unconfirmed write is on the master all the same").isEqualTo("v");
        }
    }

    private static String summary(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format("median %.2f ms, p99 %.2f ms", sorted[sorted.length / 2] / 1e6,
                sorted[(int) (sorted.length * 0.99)] / 1e6);
    }
}
