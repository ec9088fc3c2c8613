package dev.cloakroom.interop;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The cache engine on Memcached with Django 3.2's PyMemcacheCache (Debian's pymemcache). */
class MemcachedCacheInteropTest extends CacheInteropContract {

    @Override
    String engine() {
        return "cache";
    }

    @Override
    SharedCache connectCache() {
        return SharedCache.memcached();
    }

    @Override
    Map<String, Object> djangoCache(SharedCache cache) {
        return Map.of("BACKEND", "django.core.cache.backends.memcached.PyMemcacheCache", "LOCATION", cache.location(),
                "KEY_PREFIX", cache.keyPrefix);
    }

    @Test
    void bothSidesStoreThePickleWithPymemcachesPickleFlag() {
        String fromDjango = django.call("create", "data", Map.of("a", 1L)).get("key").asString();
        String fromCloakroom = CloakroomSide.create(cloakroom, Map.of("a", 1L));
        SharedCache.MemcachedCache memcached = (SharedCache.MemcachedCache) cache;
        assertThat(memcached.flags(cacheKey(fromDjango))).isEqualTo(1);
        assertThat(memcached.flags(cacheKey(fromCloakroom))).isEqualTo(1);
        assertThat(memcached.get(cacheKey(fromCloakroom))[1]).as("HIGHEST_PROTOCOL").isEqualTo((byte) 5);
    }
}
