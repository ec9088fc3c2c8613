package dev.cloakroom.sample;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The same with {@code session-engine=cache} on Redis: the login outlives the application, not the Redis. */
class RedisSecurityTest extends SecurityEndToEndTest {
    private RedisClient redis;
    private StatefulRedisConnection<String, String> connection;

    @Override
    List<String> storeProperties() {
        Servers.requireRedis();
        redis = RedisClient.create(RedisURI.builder().withHost(Servers.REDIS_HOST).withPort(Servers.REDIS_PORT)
                .withDatabase(Servers.REDIS_DATABASE).withTimeout(Duration.ofSeconds(5)).build());
        connection = redis.connect();
        return List.of("cloakroom.session-engine=cache", "cloakroom.cache-default-url=redis://"
                + Servers.REDIS_HOST + ":" + Servers.REDIS_PORT + "/" + Servers.REDIS_DATABASE);
    }

    @Override
    boolean stored(String key) {
        List<String> keys = connection.sync().keys("*" + key);
        return !keys.isEmpty();
    }

    /** The cache entry is the expiry, a colon, and the session data in Django's signed format. */
    @Override
    void checkStoredLogin(String key) {
        List<String> keys = connection.sync().keys("*" + key);
        assertThat(keys).hasSize(1);
        String entry = connection.sync().get(keys.get(0));
        StoredLogin.check(DjangoSessionTable.decode(entry.substring(entry.indexOf(':') + 1)));
    }

    @Override
    void cleanUp() {
        if (connection != null) {
            connection.close();
        }
        if (redis != null) {
            redis.shutdown();
        }
    }
}
