package dev.cloakroom.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.masterreplica.MasterReplica;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The master that a set of Sentinels names ({@code redis-sentinel://h1:p1,h2:p2/db#master}), through Lettuce's
 * master/replica connection: it asks the Sentinels for the master, listens to their announcements, and moves to
 * the promoted replica when they fail over, so no restart is needed after a failover.
 *
 * <p>Every command goes to the master, never to a replica: a session read from a replica that has not caught up
 * would make the next conditional save fail, or bring back a session just deleted.
 */
final class SentinelConnector implements RedisConnector {
    private final RedisURI uri;
    private final RedisClient client;

    SentinelConnector(RedisURI uri, ClientOptions options) {
        this.uri = uri;
        this.client = RedisClient.create();
        client.setOptions(options);
    }

    @Override
    public CompletableFuture<Connection> connectAsync() {
        return MasterReplica.connectAsync(client, StringCodec.UTF8, uri).thenApply(open -> {
            open.setReadFrom(ReadFrom.UPSTREAM);
            return new Connection(open.sync(), open::close);
        });
    }

    @Override
    public void shutdown(Duration timeout) {
        client.shutdown(Duration.ZERO, timeout);
    }
}
