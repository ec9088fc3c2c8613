package dev.cloakroom.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
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
 * <p>A failover without failed requests: between the master's loss and the promotion (the Sentinels'
 * {@code down-after-milliseconds} and their election, seconds) every command would fail, and the cache's circuit
 * breaker would open. With the URL's {@code failoverTimeout} (default 35 s) commands issued meanwhile are queued
 * instead of refused, and sent once the connection is back on the new master; each waits up to
 * {@code failoverTimeout}, and a command cut off by the loss is issued again where that is safe. A
 * {@link ConnectionWatch} gives each command its timeout and decides the reissues. A waiting request holds its
 * thread. With {@code failoverTimeout=0s} commands are refused at once while the connection is down, as on the
 * other set-ups.
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
    /** Null with {@code failoverTimeout=0s}. */
    private final ConnectionWatch watch;

    SentinelConnector(RedisCacheUrl url, ClientResources resources, ClientOptions options,
            io.lettuce.core.codec.RedisCodec<String, String> codec) {
        this.codec = codec;
        this.uri = url.redisUri();
        this.client = RedisClient.create(resources);
        if (url.failoverTimeout().isZero()) {
            this.watch = null;
            client.setOptions(options);
        } else {
            this.watch = new ConnectionWatch(url);
            client.setOptions(options.mutate()
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.builder().timeoutSource(watch).build())
                    .build());
        }
    }

    @Override
    public CompletableFuture<Connection> connectAsync() {
        return client.connectAsync(codec, uri).toCompletableFuture().thenApply(open -> {
            if (watch == null) {
                return new Connection(open.sync(), open::close);
            }
            watch.watch(open);
            return new Connection(open.sync(), () -> {
                watch.forget(open);
                open.close();
            }, () -> watch.drops(open));
        });
    }

    @Override
    public <T> T run(String name, Connection connection, Command<T> command) {
        return watch == null ? RedisConnector.super.run(name, connection, command)
                : watch.run(name, connection, command);
    }

    @Override
    public void shutdown(Duration timeout) {
        client.shutdown(Duration.ZERO, timeout);
    }
}
