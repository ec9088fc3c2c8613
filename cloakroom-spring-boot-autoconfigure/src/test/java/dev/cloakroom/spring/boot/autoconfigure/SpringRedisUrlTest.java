package dev.cloakroom.spring.boot.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** How spring.data.redis.* becomes a CACHE_DEFAULT_URL. */
class SpringRedisUrlTest {
    static Optional<String> url(Map<String, Object> properties, boolean springDataRedisPresent) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return SpringRedisUrl.from(environment, springDataRedisPresent);
    }

    @Test
    void nothingConfiguredAndNoSpringDataRedisMeansNoRedis() {
        assertThat(url(Map.of(), false)).isEmpty();
    }

    @Test
    void springDataRedisAloneMeansItsDefaults() {
        assertThat(url(Map.of(), true)).contains("redis://localhost:6379/0");
    }

    @Test
    void hostPortDatabaseCredentialsTlsAndTimeoutAreCarriedOver() {
        assertThat(url(Map.of("spring.data.redis.host", "cache.internal", "spring.data.redis.port", "6380",
                "spring.data.redis.database", "4", "spring.data.redis.username", "app",
                "spring.data.redis.password", "p@ss/word:%", "spring.data.redis.ssl.enabled", "true",
                "spring.data.redis.timeout", "750ms"), false))
                .contains("rediss://app:p%40ss%2Fword%3A%25@cache.internal:6380/4?timeout=750ms");
    }

    @Test
    void aClusterOrSentinelSetUpIsRefusedRatherThanReplacedByOneServer() {
        for (String topology : java.util.List.of("spring.data.redis.cluster.nodes", "spring.data.redis.sentinel.master")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> url(Map.of(topology, "a:1,b:2"), true))
                    .isInstanceOf(dev.cloakroom.ImproperlyConfiguredException.class)
                    .hasMessageContaining(topology).hasMessageContaining("cloakroom.cache-default-url");
        }
    }

    @Test
    void aUrlIsTakenAsItIs() {
        assertThat(url(Map.of("spring.data.redis.url", "redis://:secret@10.0.0.9:6379/2",
                "spring.data.redis.host", "ignored"), false)).contains("redis://:secret@10.0.0.9:6379/2");
    }
}
