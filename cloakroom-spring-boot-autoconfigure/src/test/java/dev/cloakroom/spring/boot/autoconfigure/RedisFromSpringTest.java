package dev.cloakroom.spring.boot.autoconfigure;

import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.spring.boot.autoconfigure.support.BootApp;
import dev.cloakroom.spring.boot.autoconfigure.support.RequiresServer;
import dev.cloakroom.spring.boot.autoconfigure.support.TestServer;
import dev.cloakroom.spring.boot.autoconfigure.testapp.CounterApplication;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The cache engine on the Redis the application configured under spring.data.redis. */
@RequiresServer(TestServer.REDIS)
class RedisFromSpringTest {
    @Test
    void sessionsAreKeptInTheRedisOfSpringDataRedisProperties() throws Exception {
        String key;
        try (BootApp app = BootApp.start(CounterApplication.class, "cloakroom.session-engine=cache",
                "spring.data.redis.host=" + TestServer.REDIS_HOST, "spring.data.redis.port=" + TestServer.REDIS_PORT,
                "spring.data.redis.database=" + TestServer.REDIS_DATABASE)) {
            assertThat(app.context().getBean(SessionSettings.class).raw("CACHE_DEFAULT_URL"))
                    .contains("redis://127.0.0.1:6379/" + TestServer.REDIS_DATABASE);
            assertThat(app.get("/count").body()).startsWith("1 ");
            assertThat(app.get("/count").body()).startsWith("2 ");
            key = app.cookie("sessionid");
        }

        RedisClient client = RedisClient.create(RedisURI.builder().withHost(TestServer.REDIS_HOST)
                .withPort(TestServer.REDIS_PORT).withDatabase(TestServer.REDIS_DATABASE)
                .withTimeout(Duration.ofSeconds(5)).build());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            String redisKey = ":1:cloakroom.sessions.cache" + key;
            assertThat(connection.sync().ttl(redisKey)).as(redisKey).isPositive();
            connection.sync().del(redisKey);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
