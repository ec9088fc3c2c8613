package dev.cloakroom.jdbc.support;

import dev.cloakroom.redis.RedisCacheBackend;
import dev.cloakroom.redis.RedisCacheUrl;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.time.Duration;
import java.util.UUID;

/**
 * The Redis the cached_db tests put in front of the table: 127.0.0.1:6379, database {@value #DATABASE}, the
 * one cloakroom-redis's tests use. The server is shared, so a test writes only under a key prefix of its own
 * ({@link #uniquePrefix()}) and deletes exactly those keys afterwards ({@link #deleteKeys(String)}).
 */
public final class TestRedis {
    public static final String HOST = "127.0.0.1";
    public static final int PORT = 6379;
    public static final int DATABASE = 11;

    private TestRedis() {
    }

    /** A key prefix no other test run uses; it holds no Redis glob characters. */
    public static String uniquePrefix() {
        return "cloakroom-jdbc-test:" + UUID.randomUUID() + ":";
    }

    /** A cache on the test database whose keys all start with {@code prefix}. */
    public static RedisCacheBackend backend(String prefix) {
        return new RedisCacheBackend(RedisCacheUrl.parse(
                "redis://" + HOST + ":" + PORT + "/" + DATABASE + "?keyPrefix=" + prefix));
    }

    /** Deletes every key under {@code prefix} in the test database; returns how many there were. */
    public static long deleteKeys(String prefix) {
        RedisClient client = RedisClient.create(RedisURI.builder().withHost(HOST).withPort(PORT)
                .withDatabase(DATABASE).withTimeout(Duration.ofSeconds(5)).build());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            ScanArgs matching = ScanArgs.Builder.matches(prefix + "*").limit(500);
            long deleted = 0;
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = redis.scan(cursor, matching);
                if (!page.getKeys().isEmpty()) {
                    deleted += redis.del(page.getKeys().toArray(new String[0]));
                }
                cursor = page;
            } while (!cursor.isFinished());
            return deleted;
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** An empty string when the server answers PING within 2 s, else why not. */
    static String probe() {
        return dev.cloakroom.testkit.RedisPing.probe(HOST, PORT);
    }
}
