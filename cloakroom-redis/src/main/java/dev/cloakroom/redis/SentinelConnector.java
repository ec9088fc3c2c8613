package dev.cloakroom.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The master that a set of Sentinels names ({@code redis-sentinel://h1:p1,h2:p2/db#master}), through Lettuce's
 * Sentinel-aware connection: it asks the Sentinels which server is the master when it connects and again on every
 * reconnect, so when a master dies and its connection drops, the connection comes back on the replica the
 * Sentinels promoted, with no restart. Every command goes to the master, never to a replica: a session read from a
 * replica that has not caught up would make the next conditional save fail, or bring back a session just deleted.
 *
 * <p>Why not Lettuce's master/replica connection: it maps every replica before it is usable, which on a loaded
 * machine did not fit the URL's 2 s timeout, and this backend reads nothing from replicas anyway. What the plain
 * connection does not notice is a master that stays up but is demoted while its connection holds (a network
 * split healed by the Sentinels); writes then fail with Redis's READONLY error until that connection drops.
 */
final class SentinelConnector implements RedisConnector {
    private final RedisURI uri;
    private final io.lettuce.core.codec.RedisCodec<String, String> codec;
    private final RedisClient client;

    SentinelConnector(RedisURI uri, ClientResources resources, ClientOptions options,
            io.lettuce.core.codec.RedisCodec<String, String> codec) {
        this.codec = codec;
        this.uri = uri;
        this.client = RedisClient.create(resources);
        client.setOptions(options);
    }

    @Override
    public CompletableFuture<Connection> connectAsync() {
        return client.connectAsync(codec, uri).toCompletableFuture()
                .thenApply(open -> new Connection(open.sync(), open::close));
    }

    @Override
    public void shutdown(Duration timeout) {
        client.shutdown(Duration.ZERO, timeout);
    }
}
