package dev.cloakroom.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.resource.ClientResources;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A Redis Cluster found from its seed nodes ({@code redis-cluster://h1:p1,h2:p2}), through Lettuce's cluster
 * client, which sends each key to the master that owns its slot.
 *
 * <p>The backend only ever sends single-key commands, and its compare-and-set script touches only its one
 * {@code KEYS[1]}, so nothing it sends can span two slots.
 *
 * <p>Commands issued while a node's connection is down wait for it, up to the URL's timeout, instead of being
 * rejected at once as on the other set-ups; see the constructor for why.
 *
 * <p>The client follows changes of the cluster's shape: it reloads the slot map on every {@code MOVED} or
 * {@code ASK} redirect, on reconnect attempts and on an unknown node (adaptive refresh, at most once per
 * {@link #ADAPTIVE_REFRESH_PAUSE}), so a failover or a resharding is followed as soon as a command meets it, and
 * in any case every {@link #PERIODIC_REFRESH}, so it also notices nodes added while nothing was redirected.
 */
final class ClusterConnector implements RedisConnector {
    static final Duration PERIODIC_REFRESH = Duration.ofSeconds(30);
    static final Duration ADAPTIVE_REFRESH_PAUSE = Duration.ofSeconds(1);

    private final RedisClusterClient client;
    private final io.lettuce.core.codec.RedisCodec<String, String> codec;

    ClusterConnector(List<RedisURI> seeds, ClientResources resources, ClientOptions options,
            io.lettuce.core.codec.RedisCodec<String, String> codec) {
        this.codec = codec;
        this.client = RedisClusterClient.create(resources, seeds);
        client.setOptions(ClusterClientOptions.builder(options)
                // The cluster client opens each node's connection when a command first needs it; rejecting
                // commands while not connected would fail exactly those first commands (and the first after every
                // failover or resharding). Accepted commands wait for the connection, still bounded by the
                // command timeout.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(PERIODIC_REFRESH)
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(ADAPTIVE_REFRESH_PAUSE)
                        .build())
                .build());
    }

    @Override
    public CompletableFuture<Connection> connectAsync() {
        // Lettuce connects asynchronously only to a cluster whose slot map it has loaded; loading it again on each
        // attempt also means that a cluster reshaped while it was unreachable is seen as it is now.
        return client.refreshPartitionsAsync().toCompletableFuture()
                .thenCompose(loaded -> client.connectAsync(codec))
                .thenApply(open -> new Connection(open.sync(), open::close));
    }

    @Override
    public void shutdown(Duration timeout) {
        client.shutdown(Duration.ZERO, timeout);
    }
}
