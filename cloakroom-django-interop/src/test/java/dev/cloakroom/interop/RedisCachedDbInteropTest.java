package dev.cloakroom.interop;

import java.util.Map;

/** The cached_db engine on SQLite and Redis with Django 3.2 through django-redis 5.2. */
class RedisCachedDbInteropTest extends CacheInteropContract {

    @Override
    String engine() {
        return "cached_db";
    }

    @Override
    SharedCache connectCache() {
        return SharedCache.redis();
    }

    @Override
    Map<String, Object> djangoCache(SharedCache cache) {
        return Map.of("BACKEND", "django_redis.cache.RedisCache", "LOCATION", cache.location(),
                "KEY_PREFIX", cache.keyPrefix);
    }
}
