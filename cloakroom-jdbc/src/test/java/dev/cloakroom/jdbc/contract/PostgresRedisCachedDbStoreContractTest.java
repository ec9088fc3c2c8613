package dev.cloakroom.jdbc.contract;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.jdbc.support.RequiresDatabase;
import dev.cloakroom.jdbc.support.RequiresRedis;
import dev.cloakroom.jdbc.support.TestDatabase;
import dev.cloakroom.jdbc.support.TestRedis;
import dev.cloakroom.redis.RedisCacheBackend;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The store contract and Django's CacheDBSessionTests on SESSION_ENGINE=cached_db over PostgreSQL with Redis
 * as the cache, where the entries leave the process (serialised, with a server-side TTL). Each test's cache
 * writes under a key prefix of its own, deleted afterwards.
 */
@RequiresDatabase(TestDatabase.POSTGRES)
@RequiresRedis
class PostgresRedisCachedDbStoreContractTest extends CachedDbStoreContract {
    private final List<RedisCacheBackend> opened = new ArrayList<>();
    private final List<String> prefixes = new ArrayList<>();

    @Override
    protected CacheBackend newCache(Clock clock) {
        String prefix = TestRedis.uniquePrefix();
        RedisCacheBackend redis = TestRedis.backend(prefix);
        opened.add(redis);
        prefixes.add(prefix);
        return redis;
    }

    /**
     * An extension rather than an {@code @AfterEach}: the contract's own {@code @AfterEach} deletes the test's
     * session through the cache, and those of a superclass run after a subclass's, so the cache must outlive them.
     */
    @RegisterExtension
    final AfterEachCallback closeAndDeleteTheTestsKeys = context -> {
        opened.forEach(RedisCacheBackend::close);
        opened.clear();
        prefixes.forEach(TestRedis::deleteKeys);
        prefixes.clear();
    };
}
