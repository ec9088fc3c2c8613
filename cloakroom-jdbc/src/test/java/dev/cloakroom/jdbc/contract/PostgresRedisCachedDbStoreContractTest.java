package dev.cloakroom.jdbc.contract;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.CacheUnavailableException;
import dev.cloakroom.jdbc.support.RequiresDatabase;
import dev.cloakroom.jdbc.support.TestDatabase;
import dev.cloakroom.redis.RedisCacheBackend;
import dev.cloakroom.redis.RedisCacheUrl;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Assumptions;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The store contract and Django's CacheDBSessionTests on SESSION_ENGINE=cached_db over PostgreSQL with Redis
 * (127.0.0.1:6379, database 11, as cloakroom-redis's tests use it) as the cache. Every engine of a test writes
 * under a key prefix of its own, deleted afterwards; an unreachable Redis skips the class on a laptop and fails
 * it in CI.
 */
@RequiresDatabase(TestDatabase.POSTGRES)
class PostgresRedisCachedDbStoreContractTest extends CachedDbStoreContract {
    private static final String URL = "redis://127.0.0.1:6379/11?keyPrefix=";
    private final List<RedisCacheBackend> opened = new ArrayList<>();
    private final List<String> prefixes = new ArrayList<>();

    @BeforeAll
    static void requireRedis() {
        try (RedisCacheBackend probe = new RedisCacheBackend(RedisCacheUrl.parse(URL + "probe:"))) {
            probe.get("ping");
        } catch (CacheUnavailableException e) {
            String why = "Redis at 127.0.0.1:6379 does not answer: " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(why + " (CI=true: an unreachable test server is a failure)");
            }
            Assumptions.abort(why);
        }
    }

    @Override
    protected CacheBackend newCache(Clock clock) {
        String prefix = "cached-db-test:" + UUID.randomUUID() + ":";
        RedisCacheBackend redis = new RedisCacheBackend(RedisCacheUrl.parse(URL + prefix));
        opened.add(redis);
        prefixes.add(prefix);
        return redis;
    }

    @AfterEach
    void deleteTheTestsKeys() {
        opened.forEach(RedisCacheBackend::close);
        opened.clear();
        RedisClient client = RedisClient.create("redis://127.0.0.1:6379/11");
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            for (String prefix : prefixes) {
                ScanArgs mine = ScanArgs.Builder.matches(prefix + "*").limit(500);
                KeyScanCursor<String> cursor = connection.sync().scan(mine);
                while (true) {
                    if (!cursor.getKeys().isEmpty()) {
                        connection.sync().del(cursor.getKeys().toArray(new String[0]));
                    }
                    if (cursor.isFinished()) {
                        break;
                    }
                    cursor = connection.sync().scan(cursor, mine);
                }
            }
        } finally {
            client.shutdown();
            prefixes.clear();
        }
    }
}
