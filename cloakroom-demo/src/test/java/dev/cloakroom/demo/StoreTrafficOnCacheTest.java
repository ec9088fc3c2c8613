package dev.cloakroom.demo;

import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.testkit.LocalCaches;
import org.junit.jupiter.api.Nested;

import java.time.Clock;
import java.util.List;

/**
 * Store traffic on the cache engine: the local cache counted at its interface (it is in this process), Redis and
 * memcached on servers of the test's own, counted by the servers' own figures.
 */
class StoreTrafficOnCacheTest {
    @Nested
    class Local extends StoreTrafficContract {
        private CountingCacheBackend cache;

        @Override
        SessionSettings.Builder settings(SessionSettings.Builder base) {
            cache = new CountingCacheBackend(LocalCaches.create(Clock.systemUTC()));
            return base.engine("cache");
        }

        @Override
        SessionEngines.Builder customise(SessionEngines.Builder builder) {
            return builder.cache("default", cache);
        }

        @Override
        List<TrafficMeter> meters() {
            return List.of(cache);
        }

        @Override
        String label() {
            return "cache on local";
        }

        @Override
        void cleanUp() {
            if (cache != null) {
                cache.close();
            }
        }
    }

    abstract static class OnServer extends StoreTrafficContract {
        StoreTrafficServers servers;

        abstract StoreTrafficServers start() throws Exception;

        @Override
        SessionSettings.Builder settings(SessionSettings.Builder base) throws Exception {
            servers = start();
            return base.engine("cache");
        }

        @Override
        SessionEngines.Builder customise(SessionEngines.Builder builder) {
            return builder.cache("default", servers.cache);
        }

        @Override
        List<TrafficMeter> meters() {
            return List.of(servers.meter);
        }

        @Override
        void cleanUp() throws Exception {
            if (servers != null) {
                servers.close();
            }
        }
    }

    @Nested
    class Redis extends OnServer {
        @Override
        StoreTrafficServers start() throws Exception {
            return StoreTrafficServers.redis();
        }

        @Override
        String label() {
            return "cache on Redis";
        }
    }

    @Nested
    class Memcached extends OnServer {
        @Override
        StoreTrafficServers start() throws Exception {
            return StoreTrafficServers.memcached();
        }

        @Override
        String label() {
            return "cache on memcached";
        }
    }
}
