package dev.cloakroom.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** One Redis server ({@code redis://}, {@code rediss://}), through Lettuce's plain client. */
final class StandaloneConnector implements RedisConnector {
    private final RedisURI uri;
    private final io.lettuce.core.codec.RedisCodec<String, String> codec;
    private final RedisClient client;

    StandaloneConnector(RedisURI uri, ClientResources resources, ClientOptions options,
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
