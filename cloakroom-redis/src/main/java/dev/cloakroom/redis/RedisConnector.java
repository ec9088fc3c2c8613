package dev.cloakroom.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.resource.ClientResources;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * How {@link RedisCacheBackend} reaches the Redis of one URL form: one Lettuce client per backend, and the
 * connections it opens. The backend decides when to connect and what to send; a connector only knows which
 * Lettuce client serves its set-up and how that client follows the set-up when it changes.
 *
 * <p>Every connection it opens is thread-safe and shared by all callers, and reconnects by itself.
 */
interface RedisConnector {

    /**
     * The connector for {@code url}'s set-up, its client on {@code resources} (which the caller shuts down, after
     * {@link #shutdown}) and configured with {@code options}.
     */
    static RedisConnector forUrl(RedisCacheUrl url, ClientResources resources, ClientOptions options) {
        return forUrl(url, resources, options, io.lettuce.core.codec.StringCodec.UTF8);
    }

    /** As above, its connections encoding keys and values with {@code codec}. */
    static RedisConnector forUrl(RedisCacheUrl url, ClientResources resources, ClientOptions options,
            io.lettuce.core.codec.RedisCodec<String, String> codec) {
        return switch (url.topology()) {
            case STANDALONE -> new StandaloneConnector(url.redisUri(), resources, options, codec);
            case SENTINEL -> new SentinelConnector(url, resources, options, codec);
            case CLUSTER -> new ClusterConnector(url.clusterNodes(), resources, options, codec);
        };
    }

    /**
     * Starts opening a connection; the future fails when it cannot be opened. Nothing is retried here: the backend
     * asks again on its next operation.
     */
    CompletableFuture<Connection> connectAsync();

    /** Shuts the client's threads down, closing any connection still open or being opened. */
    void shutdown(Duration timeout);

    /**
     * Runs {@code command} on {@code connection}; {@code name} names it in logs and messages. Here once; a
     * connector whose connections wait out a failover may issue it again ({@link ConnectionWatch#run}).
     */
    default <T> T run(String name, Connection connection, Command<T> command) {
        return command.apply(connection.commands(), false);
    }

    /** One operation of the backend: a command, or a few on one key, sent through {@code redis}. */
    @FunctionalInterface
    interface Command<T> {
        /**
         * @param reissued whether this is a second (or later) issue of a command whose connection dropped before
         *                 it answered, so that the first issue may have run
         */
        T apply(RedisClusterCommands<String, String> redis, boolean reissued);
    }

    /**
     * An open connection: the commands every set-up has (a cluster connection routes each key to its slot's
     * master), how to close it, and how many times it has dropped since it was opened (counted only where a
     * command may outlive a drop, see {@link ConnectionWatch}; 0 elsewhere).
     */
    record Connection(RedisClusterCommands<String, String> commands, Runnable closer, LongSupplier dropCount) {
        Connection(RedisClusterCommands<String, String> commands, Runnable closer) {
            this(commands, closer, () -> 0);
        }

        void close() {
            closer.run();
        }

        long drops() {
            return dropCount.getAsLong();
        }
    }
}
