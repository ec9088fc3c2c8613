package dev.cloakroom.interop;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache contract on two Memcached servers in one LOCATION, with Django 3.2's PyMemcacheCache: every test of
 * {@link CacheInteropContract} (a session created on either side is read, changed, cycled and deleted on the
 * other) holds with the sessions spread over both servers, because both sides put every key on the same server.
 */
abstract class MemcachedServersInteropContract extends CacheInteropContract {
    private static final int SESSIONS_PER_SIDE = 20;

    @Override
    SharedCache connectCache() {
        return SharedCache.memcachedServers();
    }

    @Override
    Map<String, Object> djangoCache(SharedCache cache) {
        return Map.of("BACKEND", "django.core.cache.backends.memcached.PyMemcacheCache", "LOCATION", cache.location(),
                "KEY_PREFIX", cache.keyPrefix);
    }

    @Test
    void eachSidesSessionsAreSpreadOverBothServersAndReadByTheOther() {
        SharedCache.MemcachedServers servers = (SharedCache.MemcachedServers) cache;
        List<String> byDjango = new ArrayList<>();
        List<String> byCloakroom = new ArrayList<>();
        for (long i = 0; i < SESSIONS_PER_SIDE; i++) {
            byDjango.add(django.call("create", "data", Map.of("n", i)).get("key").asString());
            byCloakroom.add(CloakroomSide.create(cloakroom, Map.of("n", i)));
        }

        for (List<String> side : List.of(byDjango, byCloakroom)) {
            int[] perServer = new int[2];
            for (String key : side) {
                List<Integer> holders = servers.holders(cacheKey(key));
                assertThat(holders).as("the servers holding %s", key).hasSize(1);
                perServer[holders.get(0)]++;
            }
            // 20 keys all on one of two servers would be a one-in-half-a-million chance.
            assertThat(perServer[0]).as("sessions on %s", servers.location()).isPositive();
            assertThat(perServer[1]).as("sessions on %s", servers.location()).isPositive();
        }
        for (int i = 0; i < SESSIONS_PER_SIDE; i++) {
            assertThat(CloakroomSide.read(cloakroom, byDjango.get(i))).isEqualTo(Map.of("n", (long) i));
            assertThat(DjangoPeer.data(django.call("load", "key", byCloakroom.get(i)))).isEqualTo(Map.of("n", (long) i));
        }
    }
}
