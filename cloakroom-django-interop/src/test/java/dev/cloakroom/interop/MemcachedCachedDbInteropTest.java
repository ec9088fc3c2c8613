package dev.cloakroom.interop;

import java.util.Map;

/** The cached_db engine on SQLite and Memcached with Django 3.2's PyMemcacheCache (Debian's pymemcache). */
class MemcachedCachedDbInteropTest extends CacheInteropContract {

    @Override
    String engine() {
        return "cached_db";
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
}
