package dev.cloakroom.interop;

/** The cached_db engine on SQLite and two Memcached servers with Django 3.2's PyMemcacheCache. */
class MemcachedServersCachedDbInteropTest extends MemcachedServersInteropContract {

    @Override
    String engine() {
        return "cached_db";
    }
}
