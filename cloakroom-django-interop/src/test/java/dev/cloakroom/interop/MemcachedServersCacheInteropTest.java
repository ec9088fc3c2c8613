package dev.cloakroom.interop;

/** The cache engine on two Memcached servers with Django 3.2's PyMemcacheCache (Debian's pymemcache). */
class MemcachedServersCacheInteropTest extends MemcachedServersInteropContract {

    @Override
    String engine() {
        return "cache";
    }
}
