package dev.cloakroom.interop;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.junit.jupiter.api.Assumptions;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * The Redis both sides share for one test class: database {@value #DATABASE} of the local server, every key under a
 * KEY_PREFIX of the class's own, removed when closed; read and written as raw bytes behind both sides' backs.
 */
final class SharedCache implements AutoCloseable {
    static final String HOST = "127.0.0.1";
    static final int PORT = 6379;
    static final int DATABASE = 13;

    final String keyPrefix = "interop-" + UUID.randomUUID().toString().substring(0, 8);
    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> connection;

    private SharedCache(RedisClient client, StatefulRedisConnection<byte[], byte[]> connection) {
        this.client = client;
        this.connection = connection;
    }

    /** Connects; skips (or, under CI=true, fails) when Redis is not running. */
    static SharedCache redis() {
        RedisClient client = RedisClient.create(RedisURI.builder().withHost(HOST).withPort(PORT).withDatabase(DATABASE)
                .withTimeout(Duration.ofSeconds(5)).build());
        try {
            return new SharedCache(client, client.connect(ByteArrayCodec.INSTANCE));
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            String why = "Redis at " + HOST + ":" + PORT + " is not usable: " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(why + " (CI=true: an unreachable test server is a failure)", e);
            }
            Assumptions.abort(why);
            throw new IllegalStateException("unreachable");
        }
    }

    /** The LOCATION both sides are given. */
    String location() {
        return "redis://" + HOST + ":" + PORT + "/" + DATABASE;
    }

    byte[] get(String key) {
        return commands().get(bytes(key));
    }

    void set(String key, byte[] value, long seconds) {
        commands().setex(bytes(key), seconds, value);
    }

    /** The entry's remaining life in seconds: -2 when there is none, -1 when it never expires. */
    long ttl(String key) {
        return commands().ttl(bytes(key));
    }

    private RedisCommands<byte[], byte[]> commands() {
        return connection.sync();
    }

    private static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            ScanArgs matching = ScanArgs.Builder.matches(keyPrefix + ":*").limit(500);
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<byte[]> page = commands().scan(cursor, matching);
                if (!page.getKeys().isEmpty()) {
                    commands().del(page.getKeys().toArray(new byte[0][]));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } finally {
            connection.close();
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
