package dev.cloakroom.spring.boot.autoconfigure;

import dev.cloakroom.memcached.MemcachedCacheBackend;
import dev.cloakroom.memcached.MemcachedCacheConfig;
import dev.cloakroom.spring.boot.autoconfigure.support.BootApp;
import dev.cloakroom.spring.boot.autoconfigure.support.RequiresServer;
import dev.cloakroom.spring.boot.autoconfigure.support.TestServer;
import dev.cloakroom.spring.boot.autoconfigure.testapp.CounterApplication;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache engine on Memcached, configured with nothing Boot-specific: {@code cloakroom.cache-default-url} is
 * {@code CACHE_DEFAULT_URL}, and cloakroom-memcached on the class path serves its scheme.
 */
@RequiresServer(TestServer.MEMCACHED)
class MemcachedFromPropertiesTest {
    @Test
    void sessionsAreKeptInTheMemcachedOfTheCacheUrl() throws Exception {
        String prefix = "cloakroom-boot-test:" + UUID.randomUUID() + ":";
        String key;
        try (BootApp app = BootApp.start(CounterApplication.class, "cloakroom.session-engine=cache",
                "cloakroom.cache-default-url=memcached://" + TestServer.MEMCACHED_LOCATION + "?keyPrefix=" + prefix)) {
            assertThat(app.get("/count").body()).startsWith("1 ");
            assertThat(app.get("/count").body()).startsWith("2 ");
            key = app.cookie("sessionid");
        }

        try (MemcachedCacheBackend memcached = new MemcachedCacheBackend(MemcachedCacheConfig.builder("test")
                .locations(List.of(TestServer.MEMCACHED_LOCATION)).keyPrefix(prefix).build())) {
            String cacheKey = ":1:cloakroom.sessions.cache" + key;
            assertThat(memcached.get(cacheKey)).as(cacheKey).isPresent();
            memcached.delete(cacheKey);
        }
    }
}
