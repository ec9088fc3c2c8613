package dev.cloakroom.demo;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.CacheBackendProvider;
import dev.cloakroom.testkit.ServerProcess;

import java.time.Clock;
import java.util.ServiceLoader;

/**
 * A cache server of the test's own (never the shared one, whose figures other tests move), the engine's cache on
 * it through its provider, as a {@code CACHE_DEFAULT_URL} finds it, and the meter that reads the server's figures.
 * A missing binary skips on a laptop and fails under CI=true ({@link ServerProcess}).
 */
final class StoreTrafficServers implements AutoCloseable {
    final ServerProcess server;
    final CacheBackend cache;
    final TrafficMeter meter;

    private StoreTrafficServers(ServerProcess server, CacheBackend cache, TrafficMeter meter) {
        this.server = server;
        this.cache = cache;
        this.meter = meter;
    }

    static StoreTrafficServers redis() throws Exception {
        ServerProcess server = ServerProcess.redis().start();
        try {
            return new StoreTrafficServers(server, provided("redis", "redis://127.0.0.1:" + server.port() + "/0"),
                    new RedisTraffic(server.port()));
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
    }

    static StoreTrafficServers memcached() throws Exception {
        ServerProcess server = ServerProcess.memcached().start();
        try {
            return new StoreTrafficServers(server, provided("memcached", "memcached://127.0.0.1:" + server.port()),
                    new MemcachedTraffic(server.port()));
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
    }

    private static CacheBackend provided(String scheme, String url) {
        for (CacheBackendProvider provider : ServiceLoader.load(CacheBackendProvider.class)) {
            if (provider.schemes().contains(scheme)) {
                return provider.create(url, Clock.systemUTC());
            }
        }
        throw new AssertionError("no CacheBackendProvider serves the " + scheme + ": scheme");
    }

    @Override
    public void close() throws Exception {
        try {
            cache.close();
            meter.close();
        } finally {
            server.close();
        }
    }
}
