package dev.cloakroom.redis;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.CacheBackend.CasResult;
import dev.cloakroom.cache.CacheBackendProvider;
import dev.cloakroom.redis.support.LocalRedisCluster;
import dev.cloakroom.redis.support.LocalRedisServers;
import dev.cloakroom.redis.support.RequiresRedisBinaries;
import dev.cloakroom.session.Session;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.testkit.CacheBackendContract;
import dev.cloakroom.testkit.MutableClock;
import dev.cloakroom.testkit.SessionContractSupport;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CacheBackend contract on a Redis Cluster of three masters that this class starts, through
 * {@code redis-cluster://} and the provider, plus what a cluster adds: sessions land on every master, the
 * conditional save (one script, one key) works on each of them, and a slot moved to another master is followed.
 */
@RequiresRedisBinaries
class RedisClusterBackendTest extends CacheBackendContract {
    private static LocalRedisCluster cluster;
    private final String prefix = "cloakroom-cluster-test:" + UUID.randomUUID() + ":";

    @BeforeAll
    static void startCluster() {
        cluster = new LocalRedisCluster(3);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    protected CacheBackend createBackend(Clock clock) {
        for (CacheBackendProvider provider : ServiceLoader.load(CacheBackendProvider.class)) {
            if (provider.schemes().contains("redis-cluster")) {
                // The first connection loads the slot map from every node and then connects: on a loaded CI machine
                // that may not fit the default 2 s the first time.
                return provider.create(cluster.url("keyPrefix=" + prefix + "&timeout=5s"), clock);
            }
        }
        throw new AssertionError("no CacheBackendProvider serves the redis-cluster scheme");
    }

    @Override
    protected boolean followsInjectedClock() {
        return false;
    }

    @Test
    void sessionsSpreadOverEveryMasterAndTheConditionalSaveMergesOnEachOfThem() {
        MutableClock clock = new MutableClock(SessionContractSupport.START);
        SessionSettings settings = SessionSettings.builder().secretKey(SessionContractSupport.SECRET_KEY)
                .engine("cache").raw("CACHE_DEFAULT_URL", cluster.url("keyPrefix=" + prefix + "&timeout=5s")).build();
        try (SessionEngine engine = SessionEngines.create(settings, clock)) {
            List<String> sessionKeys = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                Session session = engine.open(null);
                session.put("n", i);
                session.save();
                sessionKeys.add(session.getSessionKey());
            }
            Map<Integer, List<String>> sessionsByNode = new HashMap<>();
            for (int port : cluster.ports()) {
                List<String> keys = LocalRedisServers.withCommands(port,
                        redis -> redis.scan(ScanArgs.Builder.matches(prefix + "*").limit(1000)).getKeys());
                assertThat(keys).as("sessions stored on the master at port %d", port).isNotEmpty();
                sessionsByNode.put(port, keys);
            }
            assertThat(sessionsByNode.values().stream().mapToInt(List::size).sum()).isEqualTo(60);

            for (Map.Entry<Integer, List<String>> node : sessionsByNode.entrySet()) {
                String redisKey = node.getValue().get(0);
                String sessionKey = sessionKeys.stream().filter(redisKey::endsWith).findFirst().orElseThrow();
                // Two requests load the same session, change different keys and save: the second save meets a
                // record changed since it loaded, so it goes through the conditional save's conflict path.
                Session first = engine.open(sessionKey);
                Session second = engine.open(sessionKey);
                first.asMap();
                second.asMap();
                first.put("first", node.getKey());
                second.put("second", node.getKey());
                first.save();
                second.save();
                Map<String, Object> merged = engine.open(sessionKey).asMap();
                assertThat(merged).as("session on the master at port %d", node.getKey())
                        .containsKeys("n", "first", "second");
                long onItsMaster = LocalRedisServers.withCommands(node.getKey(), redis -> redis.exists(redisKey));
                assertThat(onItsMaster).as("the session stays on its slot's master").isEqualTo(1L);
            }
        }
    }

    @Test
    void compareAndSetAnswersEveryOutcomeOnEveryMaster() {
        Map<Integer, String> keyOnNode = new HashMap<>();
        for (int i = 0; keyOnNode.size() < cluster.ports().size(); i++) {
            String name = "cas-" + i;
            keyOnNode.putIfAbsent(masterPortOf(prefix + key(name)), name);
        }
        for (String name : keyOnNode.values()) {
            assertThat(cache.compareAndSet(key(name), "v", "w", ttl())).isEqualTo(CasResult.ABSENT);
            cache.set(key(name), "v", ttl());
            assertThat(cache.compareAndSet(key(name), "other", "w", ttl())).isEqualTo(CasResult.CHANGED);
            assertThat(cache.compareAndSet(key(name), "v", "w", ttl())).isEqualTo(CasResult.SWAPPED);
            assertThat(cache.get(key(name))).contains("w");
            assertThat(cache.compareAndSet(key(name), "w", "x", Duration.ZERO)).isEqualTo(CasResult.SWAPPED);
            assertThat(cache.contains(key(name))).isFalse();
        }
    }

    @Test
    void aSlotMovedToAnotherMasterIsFollowed() {
        String name = "moving";
        cache.set(key(name), "before", ttl());
        String redisKey = prefix + key(name);
        int slot = SlotHash.getSlot(redisKey);
        int source = masterPortOf(redisKey);
        int target = cluster.ports().stream().filter(port -> port != source).findFirst().orElseThrow();
        moveSlot(slot, source, target, redisKey);

        assertThat(cache.get(key(name))).contains("before");
        assertThat(cache.compareAndSet(key(name), "before", "after", ttl())).isEqualTo(CasResult.SWAPPED);
        String onTarget = LocalRedisServers.withCommands(target, redis -> redis.get(redisKey));
        assertThat(onTarget).isEqualTo("after");
    }

    /** The port of the master that owns {@code redisKey}'s slot, as the slot ranges were dealt. */
    private static int masterPortOf(String redisKey) {
        int slot = SlotHash.getSlot(redisKey);
        for (int port : cluster.ports()) {
            boolean owns = LocalRedisServers.withCommands(port, redis -> redis.clusterNodes().lines().anyMatch(line -> line.contains("myself") && owns(line, slot)));
            if (owns) {
                return port;
            }
        }
        throw new AssertionError("no master owns slot " + slot);
    }

    private static boolean owns(String clusterNodesLine, int slot) {
        String[] fields = clusterNodesLine.split(" ");
        for (int i = 8; i < fields.length; i++) {
            String[] range = fields[i].split("-");
            if (range[0].startsWith("[")) {
                continue;
            }
            int from = Integer.parseInt(range[0]);
            int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
            if (slot >= from && slot <= to) {
                return true;
            }
        }
        return false;
    }

    /** Resharding by hand, as redis-cli does it: mark the slot, move its key, then give the slot away. */
    private static void moveSlot(int slot, int source, int target, String key) {
        String sourceId = LocalRedisServers.withCommands(source, redis -> redis.clusterMyId());
        String targetId = LocalRedisServers.withCommands(target, redis -> redis.clusterMyId());
        LocalRedisServers.withCommands(target, redis -> redis.clusterSetSlotImporting(slot, sourceId));
        LocalRedisServers.withCommands(source, redis -> redis.clusterSetSlotMigrating(slot, targetId));
        LocalRedisServers.withCommands(source, redis -> redis.migrate("127.0.0.1", target, key, 0, 5000));
        for (int port : cluster.ports()) {
            LocalRedisServers.withCommands(port, redis -> redis.clusterSetSlotNode(slot, targetId));
        }
    }
}
