package dev.cloakroom.redis.support;

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
import java.util.function.Function;

/**
 * The Redis the tests run on: 127.0.0.1:6379, database {@value #DATABASE}. The server is shared with other
 * tests and people, so every test writes only under a key prefix of its own ({@link #uniquePrefix()}) and
 * removes exactly those keys afterwards ({@link #deleteKeys(String)}); nothing here ever flushes a database.
 */
public final class TestRedis {
    public static final String HOST = "127.0.0.1";
    public static final int PORT = 6379;
    public static final int DATABASE = 11;

    private TestRedis() {
    }

    /** A key prefix no other test run uses. */
    public static String uniquePrefix() {
        return "cloakroom-redis-test:" + UUID.randomUUID() + ":";
    }

    /** The cache URL of the test database through {@code port}, with the key prefix {@code prefix}. */
    public static String url(int port, String prefix) {
        return "redis://" + HOST + ":" + port + "/" + DATABASE + "?keyPrefix=" + prefix;
    }

    /** The cache URL of the test database, with the key prefix {@code prefix}. */
    public static String url(String prefix) {
        return url(PORT, prefix);
    }

    /** A backend on the test database under {@code prefix}, for reading and writing behind a store's back. */
    public static RedisCacheBackend backend(String prefix) {
        return new RedisCacheBackend(RedisCacheUrl.parse(url(prefix)));
    }

    /** Deletes every key under {@code prefix} in the test database; returns how many there were. */
    public static long deleteKeys(String prefix) {
        return withCommands(redis -> {
            ScanArgs matching = ScanArgs.Builder.matches(globEscape(prefix) + "*").limit(500);
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
        });
    }

    /** Runs {@code action} on a short-lived plain Lettuce connection to the test database. */
    public static <T> T withCommands(Function<RedisCommands<String, String>, T> action) {
        RedisClient client = RedisClient.create(RedisURI.builder().withHost(HOST).withPort(PORT)
                .withDatabase(DATABASE).withTimeout(Duration.ofSeconds(5)).build());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return action.apply(connection.sync());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** An empty string when the server answers PING within 2 s, else why not. */
    static String probe() {
        return dev.cloakroom.testkit.RedisPing.probe(HOST, PORT);
    }

    /** {@code text} with Redis's glob characters escaped, so a MATCH pattern takes it literally. */
    private static String globEscape(String text) {
        StringBuilder escaped = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
