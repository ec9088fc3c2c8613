package dev.cloakroom.memcached;

import dev.cloakroom.memcached.support.OwnMemcached;
import dev.cloakroom.memcached.support.Pymemcache;
import dev.cloakroom.memcached.support.RequiresMemcachedBinary;
import dev.cloakroom.memcached.support.RequiresPymemcache;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through the whole backend, on real servers: every key lands on the server Django's {@code PyMemcacheCache}
 * picks for the same {@code LOCATION}. One server is named by its address and one by {@code localhost}, so the
 * names (the configured text) matter, not the addresses they resolve to.
 */
@RequiresMemcachedBinary
@RequiresPymemcache
class MemcachedDjangoPlacementTest {
    private static final Duration TTL = Duration.ofMinutes(5);
    private static final int KEYS = 300;

    private OwnMemcached first;
    private OwnMemcached second;

    @BeforeEach
    void startServers() throws Exception {
        first = OwnMemcached.start();
        second = OwnMemcached.start();
    }

    @AfterEach
    void killServers() throws InterruptedException {
        first.close();
        second.close();
    }

    @Test
    void everyKeyLandsOnTheServerDjangoPicks() throws Exception {
        String byAddress = first.location();
        String byName = "localhost:" + second.port();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            keys.add(":1:django.contrib.sessions.cache" + Integer.toHexString(i * 7919) + "x" + i);
        }
        List<String> django = Pymemcache.ask(List.of(), List.of(byAddress + ";" + byName), keys).placements().get(0);

        try (MemcachedCacheBackend cache = new MemcachedCacheBackend(MemcachedCacheConfig.builder("test")
                .locations(List.of(byAddress, byName)).build())) {
            for (String key : keys) {
                cache.set(key, "v", TTL);
            }
        }
        List<String> onFirst = keysOn(first, keys);
        List<String> onSecond = keysOn(second, keys);
        for (int i = 0; i < KEYS; i++) {
            String key = keys.get(i);
            assertThat(onFirst.contains(key) ? byAddress : onSecond.contains(key) ? byName : "nowhere").as(key)
                    .isEqualTo(django.get(i));
        }
        assertThat(onFirst).as("both servers hold some").isNotEmpty();
        assertThat(onSecond).isNotEmpty();
    }

    private static List<String> keysOn(OwnMemcached server, List<String> keys) throws Exception {
        MemcachedClient client = new XMemcachedClientBuilder(server.location()).build();
        try {
            List<String> held = new ArrayList<>();
            for (String key : keys) {
                if (client.get(key) != null) {
                    held.add(key);
                }
            }
            return held;
        } finally {
            client.shutdown();
        }
    }
}
