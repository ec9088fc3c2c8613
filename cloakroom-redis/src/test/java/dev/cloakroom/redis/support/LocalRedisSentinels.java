package dev.cloakroom.redis.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A master, one or more replicas and three Sentinels (quorum 2), started for one test class. The Sentinels declare the
 * master down after {@link #DOWN_AFTER} without an answer and allow a failover {@link #FAILOVER_TIMEOUT} (or the
 * times given), so a failover test is over in seconds. Ready once the replicas are in sync and every Sentinel
 * knows them and the two other Sentinels (they need each other to elect the one that fails over). Closing kills
 * every process.
 */
public final class LocalRedisSentinels implements AutoCloseable {
    public static final String MASTER_NAME = "cloakroom";
    public static final Duration DOWN_AFTER = Duration.ofMillis(1000);
    public static final Duration FAILOVER_TIMEOUT = Duration.ofMillis(3000);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final LocalRedisServers servers = new LocalRedisServers();
    private final int masterPort;
    private final List<Integer> replicaPorts = new ArrayList<>();
    private final List<Integer> sentinelPorts = new ArrayList<>();

    /** A master with one replica. */
    public LocalRedisSentinels() {
        this(1);
    }

    public LocalRedisSentinels(int replicas) {
        this(replicas, DOWN_AFTER, FAILOVER_TIMEOUT);
    }

    /** Sentinels configured with {@code down-after-milliseconds} and {@code failover-timeout} as given. */
    public LocalRedisSentinels(int replicas, Duration downAfter, Duration failoverTimeout) {
        try {
            masterPort = servers.startServer();
            for (int i = 0; i < replicas; i++) {
                replicaPorts.add(servers.startServer("--replicaof", TestRedis.HOST, Integer.toString(masterPort)));
            }
            String configuration = String.join("\n",
                    "sentinel monitor " + MASTER_NAME + " " + TestRedis.HOST + " " + masterPort + " 2",
                    "sentinel down-after-milliseconds " + MASTER_NAME + " " + downAfter.toMillis(),
                    "sentinel failover-timeout " + MASTER_NAME + " " + failoverTimeout.toMillis(),
                    "sentinel parallel-syncs " + MASTER_NAME + " 1", "");
            for (int i = 0; i < 3; i++) {
                sentinelPorts.add(servers.startSentinel(configuration));
            }
            for (int replicaPort : replicaPorts) {
                LocalRedisServers.awaitCondition("replica " + replicaPort + " in sync with the master", READY_TIMEOUT,
                        () -> LocalRedisServers.withCommands(replicaPort, redis -> redis.info("replication"))
                                .contains("master_link_status:up"));
            }
            for (int port : sentinelPorts) {
                LocalRedisServers.awaitCondition("Sentinel " + port + " knowing the replicas and 2 other Sentinels",
                        READY_TIMEOUT, () -> {
                            String replicaCount = Integer.toString(replicas);
                            Map<String, String> master = LocalRedisServers.withSentinel(port,
                                    sentinel -> sentinel.master(MASTER_NAME));
                            return replicaCount.equals(master.get("num-slaves")) && "2".equals(master.get("num-other-sentinels"));
                        });
            }
        } catch (RuntimeException | AssertionError failed) {
            servers.close();
            throw failed;
        }
    }

    public int masterPort() {
        return masterPort;
    }

    /** The port of the first replica. */
    public int replicaPort() {
        return replicaPorts.get(0);
    }

    public List<Integer> replicaPorts() {
        return List.copyOf(replicaPorts);
    }

    /** The Sentinels' ports. */
    public List<Integer> sentinelPorts() {
        return List.copyOf(sentinelPorts);
    }

    /** Kills the server on {@code port} (a replica, say) as a crash would. */
    public void kill(int port) {
        servers.kill(port);
    }

    /** Freezes the master (SIGSTOP): commands sent to it stay in flight until it is killed. */
    public void freezeMaster() {
        servers.freeze(masterPort);
    }

    /** Waits until every replica has acknowledged the master's whole replication stream as it is now. */
    public void awaitReplicasCaughtUp() {
        String info = LocalRedisServers.withCommands(masterPort, redis -> redis.info("replication"));
        long masterOffset = Long.parseLong(info.replaceAll("(?s).*master_repl_offset:(\\d+).*", "$1"));
        for (int port : replicaPorts) {
            LocalRedisServers.awaitCondition("replica " + port + " at the master's offset " + masterOffset,
                    READY_TIMEOUT, () -> {
                        String replica = LocalRedisServers.withCommands(port, redis -> redis.info("replication"));
                        long offset = Long.parseLong(replica.replaceAll("(?s).*slave_repl_offset:(\\d+).*", "$1"));
                        return offset >= masterOffset;
                    });
        }
    }

    /** Kills the master as a crash would; the Sentinels then promote the replica. */
    public void killMaster() {
        servers.kill(masterPort);
    }

    /** The port of the master the first Sentinel that answers names now. */
    public int currentMasterPort() {
        for (int port : sentinelPorts) {
            try {
                java.net.SocketAddress address = LocalRedisServers.withSentinel(port,
                        sentinel -> sentinel.getMasterAddrByName(MASTER_NAME));
                return ((java.net.InetSocketAddress) address).getPort();
            } catch (RuntimeException unreachable) {
                // Ask the next one.
            }
        }
        throw new AssertionError("no Sentinel answered");
    }

    /** The cache URL naming the three Sentinels and the master, with {@code options} after {@code ?}. */
    public String url(String options) {
        return "redis-sentinel://" + sentinelPorts.stream().map(port -> TestRedis.HOST + ":" + port)
                .collect(Collectors.joining(",")) + "/0" + (options.isEmpty() ? "" : "?" + options) + "#" + MASTER_NAME;
    }

    @Override
    public void close() {
        servers.close();
    }
}
