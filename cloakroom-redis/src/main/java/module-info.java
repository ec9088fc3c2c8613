/** The cache backend on Redis (Lettuce) for the cache and cached_db engines, found by its URL scheme. */
module dev.cloakroom.redis {
    requires transitive dev.cloakroom.core;
    requires lettuce.core;
    requires org.slf4j;

    exports dev.cloakroom.redis;

    provides dev.cloakroom.cache.CacheBackendProvider with dev.cloakroom.redis.RedisCacheBackendProvider;
}
