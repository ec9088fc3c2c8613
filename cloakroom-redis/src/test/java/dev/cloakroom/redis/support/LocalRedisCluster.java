package dev.cloakroom.redis.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A Redis Cluster of {@code masters} master nodes and no replicas, started for one test class: each node gets an
 * equal share of the 16384 slots, then they meet, and the cluster is ready once every node reports
 * {@code cluster_state:ok}. Closing kills the nodes.
 */
public final class LocalRedisCluster implements AutoCloseable {
    public static final int SLOTS = 16_384;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

    private final LocalRedisServers servers = new LocalRedisServers();
    private final List<Integer> ports = new ArrayList<>();

    public LocalRedisCluster(int masters) {
        try {
            for (int i = 0; i < masters; i++) {
                ports.add(servers.startServer("--cluster-enabled", "yes", "--cluster-config-file",
                        "nodes-" + i + ".conf", "--cluster-node-timeout", "2000"));
            }
            for (int i = 0; i < masters; i++) {
                int[] slots = IntStream.range(SLOTS * i / masters, SLOTS * (i + 1) / masters).toArray();
                LocalRedisServers.withCommands(ports.get(i), redis -> redis.clusterAddSlots(slots));
            }
            for (int port : ports.subList(1, ports.size())) {
                LocalRedisServers.withCommands(ports.get(0), redis -> redis.clusterMeet(TestRedis.HOST, port));
            }
            for (int port : ports) {
                LocalRedisServers.awaitCondition("cluster node " + port + " reporting cluster_state:ok with "
                        + masters + " known nodes", READY_TIMEOUT, () -> {
                            String info = LocalRedisServers.withCommands(port, redis -> redis.clusterInfo());
                            return info.contains("cluster_state:ok")
                                    && info.contains("cluster_known_nodes:" + masters);
                        });
            }
        } catch (RuntimeException | AssertionError failed) {
            servers.close();
            throw failed;
        }
    }

    /** The nodes' ports, in the order of their slot ranges. */
    public List<Integer> ports() {
        return List.copyOf(ports);
    }

    /** The cache URL of the cluster, listing every node as a seed, with {@code options} after {@code ?}. */
    public String url(String options) {
        return "redis-cluster://" + ports.stream().map(port -> TestRedis.HOST + ":" + port)
                .collect(Collectors.joining(",")) + (options.isEmpty() ? "" : "?" + options);
    }

    @Override
    public void close() {
        servers.close();
    }
}
