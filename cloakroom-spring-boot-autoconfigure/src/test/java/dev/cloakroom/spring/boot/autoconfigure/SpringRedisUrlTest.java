package dev.cloakroom.spring.boot.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.List;
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
    void aSentinelSetUpBecomesARedisSentinelUrlWithTheDataNodesCredentialsDatabaseTlsAndTimeout() {
        assertThat(url(Map.of("spring.data.redis.sentinel.master", "mymaster",
                "spring.data.redis.sentinel.nodes", "s1:26379, s2:26380,s3:26381",
                "spring.data.redis.password", "p@ss", "spring.data.redis.database", "3",
                "spring.data.redis.timeout", "1s", "spring.data.redis.host", "ignored"), false))
                .contains("redis-sentinel://:p%40ss@s1:26379,s2:26380,s3:26381/3?timeout=1000ms#mymaster");
        assertThat(url(Map.of("spring.data.redis.sentinel.master", "m", "spring.data.redis.sentinel.nodes", "s1",
                "spring.data.redis.ssl.enabled", "true"), false)).contains("rediss-sentinel://s1/0#m");
        String parsed = url(Map.of("spring.data.redis.sentinel.master", "m",
                "spring.data.redis.sentinel.nodes", "s1:26379,s2:26379"), false).orElseThrow();
        assertThat(dev.cloakroom.redis.RedisCacheUrl.parse(parsed).topology())
                .isEqualTo(dev.cloakroom.redis.RedisCacheUrl.Topology.SENTINEL);
    }

    @Test
    void aClusterBecomesARedisClusterUrl() {
        assertThat(url(Map.of("spring.data.redis.cluster.nodes", "n1:7000,n2:7001,n3:7002",
                "spring.data.redis.username", "app", "spring.data.redis.password", "secret",
                "spring.data.redis.timeout", "500ms"), false))
                .contains("redis-cluster://app:secret@n1:7000,n2:7001,n3:7002?timeout=500ms");
        String parsed = url(Map.of("spring.data.redis.cluster.nodes", "n1:7000"), true).orElseThrow();
        assertThat(dev.cloakroom.redis.RedisCacheUrl.parse(parsed).topology())
                .isEqualTo(dev.cloakroom.redis.RedisCacheUrl.Topology.CLUSTER);
    }

    @Test
    void whatACloakroomUrlCannotCarryIsRefusedNamingTheProperty() {
        List<Map<String, Object>> refused = List.of(
                Map.of("spring.data.redis.sentinel.master", "m"),
                Map.of("spring.data.redis.sentinel.master", "m", "spring.data.redis.sentinel.nodes", "s1",
                        "spring.data.redis.sentinel.password", "x"),
                Map.of("spring.data.redis.sentinel.master", "m#x", "spring.data.redis.sentinel.nodes", "s1"),
                Map.of("spring.data.redis.cluster.nodes", "n1:7000", "spring.data.redis.database", "2"),
                Map.of("spring.data.redis.cluster.nodes", "n1:7000", "spring.data.redis.cluster.max-redirects", "3"),
                Map.of("spring.data.redis.cluster.nodes", "n1:7000/1"));
        List<String> named = List.of("sentinel.master", "sentinel.password", "sentinel.master", "database",
                "cluster.max-redirects", "cluster.nodes");
        for (int i = 0; i < refused.size(); i++) {
            Map<String, Object> properties = refused.get(i);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> url(properties, true))
                    .isInstanceOf(dev.cloakroom.ImproperlyConfiguredException.class)
                    .hasMessageContaining("spring.data.redis." + named.get(i))
                    .hasMessageContaining("cloakroom.cache-default-url");
        }
    }

    @Test
    void aUrlIsTakenAsItIs() {
        assertThat(url(Map.of("spring.data.redis.url", "redis://:secret@10.0.0.9:6379/2",
                "spring.data.redis.host", "ignored"), false)).contains("redis://:secret@10.0.0.9:6379/2");
    }

    @Test
    void forSentinelsAndClustersTheUrlsCredentialsAndDatabaseWinAsInSpringBoot() {
        assertThat(url(Map.of("spring.data.redis.sentinel.master", "m", "spring.data.redis.sentinel.nodes", "s1:26379",
                "spring.data.redis.url", "redis://app:s%40cret@ignored:6379/5",
                "spring.data.redis.password", "overridden"), false))
                .contains("redis-sentinel://app:s%40cret@s1:26379/5#m");
        assertThat(url(Map.of("spring.data.redis.sentinel.master", "m", "spring.data.redis.sentinel.nodes", "s1",
                "spring.data.redis.url", "redis://:only-password@ignored:6379/2"), false))
                .contains("redis-sentinel://:only-password@s1/2#m");
        assertThat(url(Map.of("spring.data.redis.cluster.nodes", "n1:7000",
                "spring.data.redis.url", "redis://app:secret@ignored:6379"), false))
                .contains("redis-cluster://app:secret@n1:7000");
    }

    @Test
    void aConnectTimeoutEqualToTheTimeoutIsAccepted() {
        assertThat(url(Map.of("spring.data.redis.host", "h", "spring.data.redis.timeout", "2s",
                "spring.data.redis.connect-timeout", "2000ms"), false)).contains("redis://h:6379/0?timeout=2000ms");
    }

    @Test
    void whatSpringDataHonoursButACloakroomUrlCannotIsRefusedAtStartUpNamingTheProperty() {
        Map<String, Map<String, Object>> refused = Map.of(
                "ssl.bundle", Map.of("spring.data.redis.host", "h", "spring.data.redis.ssl.bundle", "redis"),
                "client-name", Map.of("spring.data.redis.host", "h", "spring.data.redis.client-name", "app"),
                "connect-timeout", Map.of("spring.data.redis.host", "h", "spring.data.redis.connect-timeout", "5s"),
                "username", Map.of("spring.data.redis.host", "h", "spring.data.redis.username", "app"));
        refused.forEach((property, properties) ->
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> url(properties, true))
                        .as(property)
                        .isInstanceOf(dev.cloakroom.ImproperlyConfiguredException.class)
                        .hasMessageContaining("spring.data.redis." + property)
                        .hasMessageContaining("cloakroom.cache-default-url"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> url(Map.of("spring.data.redis.ssl.bundle", "redis"),
                        true))
                .hasMessageContaining("cloakroom.cache-default-url=rediss://").hasMessageContaining("trust store");
    }
}
