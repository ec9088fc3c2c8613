/**
 * The cache backend on Memcached (xmemcached) for the cache and cached_db engines, found by its URL scheme
 * {@code memcached}, or built from a {@link dev.cloakroom.memcached.MemcachedCacheConfig}.
 */
module dev.cloakroom.memcached {
    requires transitive dev.cloakroom.core;
    // xmemcached's jar names no module; this is the name the JDK derives from its file name.
    requires xmemcached;
    requires org.slf4j;

    exports dev.cloakroom.memcached;

    provides dev.cloakroom.cache.CacheBackendProvider with dev.cloakroom.memcached.MemcachedCacheBackendProvider;
}
