package dev.cloakroom.memcached.support;

import dev.cloakroom.memcached.MemcachedCacheBackend;
import dev.cloakroom.memcached.MemcachedCacheConfig;
import dev.cloakroom.testkit.MemcachedPing;

import java.util.List;
import java.util.UUID;

/**
 * The shared Memcached the tests run on: 127.0.0.1:11211, started by {@code .ci/run}. It is shared with other
 * tests and people, so every test writes only under a key prefix of its own ({@link #uniquePrefix()}) and
 * never flushes the server; Memcached cannot list keys, so what a test leaves expires by its TTL or is evicted.
 */
public final class TestMemcached {
    public static final String HOST = "127.0.0.1";
    public static final int PORT = 11211;
    public static final String LOCATION = HOST + ":" + PORT;

    private TestMemcached() {
    }

    /** A key prefix no other test run uses. */
    public static String uniquePrefix() {
        return "cloakroom-memcached-test:" + UUID.randomUUID() + ":";
    }

    /** The cache URL of the shared server, with the key prefix {@code prefix}. */
    public static String url(String prefix) {
        return "memcached://" + LOCATION + "?keyPrefix=" + prefix;
    }

    /** A backend on the shared server under {@code prefix}, for reading and writing behind a store's back. */
    public static MemcachedCacheBackend backend(String prefix) {
        return new MemcachedCacheBackend(MemcachedCacheConfig.builder("test").locations(List.of(LOCATION))
                .keyPrefix(prefix).build());
    }

    /** An empty string when the server answers within 2 s, else why not. */
    static String probe() {
        return MemcachedPing.probe(HOST, PORT);
    }
}
