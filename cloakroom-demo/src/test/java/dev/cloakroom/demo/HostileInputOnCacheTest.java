package dev.cloakroom.demo;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.CacheBackendProvider;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.testkit.LocalCaches;
import dev.cloakroom.testkit.MemcachedPing;
import dev.cloakroom.testkit.RedisPing;
import dev.cloakroom.testkit.ReferenceSigner;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile-input suite on the cache engine (local, Redis and Memcached) and on cached_db (SQLite with the local
 * cache in front), with entries written into the very cache the engine uses, behind the store's back.
 */
class HostileInputOnCacheTest {
    /** The cache engine over a cache the test holds. */
    abstract static class OnCache extends HostileInputContract {
        CacheBackend cache;

        abstract CacheBackend createCache();

        @Override
        SessionSettings.Builder settings(SessionSettings.Builder base) {
            cache = createCache();
            return base.engine("cache");
        }

        @Override
        SessionEngines.Builder customise(SessionEngines.Builder builder) {
            return builder.cache("default", cache);
        }

        /** The entry as the cache store writes it: the record's expiry, then its data. */
        @Override
        String plant(String data) {
            return plantEntry(Instant.now().plusSeconds(3600).getEpochSecond() + ".000000000:" + data);
        }

        String plantEntry(String entry) {
            String key = randomKey();
            cache.set(CACHE_PREFIX + key, entry, Duration.ofHours(1));
            return key;
        }

        @Override
        boolean hasRecord(String key) {
            try {
                return cache.contains(CACHE_PREFIX + key);
            } catch (IllegalArgumentException notAKeyThisCacheCanHold) {
                return false; // Memcached refuses spaces and keys over 250 bytes: nothing can be stored there
            }
        }

        @Override
        List<BadRecord> storeSpecificRecords() {
            return List.of(
                    new BadRecord("entry without its expiry", () -> plantEntry("no expiry here"), true),
                    new BadRecord("entry with a bad expiry", () -> plantEntry("soon.000000000:x"), true),
                    new BadRecord("entry with an absurd expiry", () -> plantEntry("99999999999999999999.0:x"), true),
                    new BadRecord("entry with a negative expiry", () -> plantEntry("-5.000000000:x"), false),
                    new BadRecord("empty entry", () -> plantEntry(""), true));
        }

        @Override
        void cleanUp() {
            if (cache != null) {
                cache.close();
            }
        }
    }

    @Nested
    class Local extends OnCache {
        @Override
        CacheBackend createCache() {
            return LocalCaches.create(Clock.systemUTC());
        }
    }

    @Nested
    class Redis extends OnCache {
        @Override
        CacheBackend createCache() {
            return sharedServer("redis", "redis://127.0.0.1:6379/0", RedisPing.probe("127.0.0.1", 6379));
        }
    }

    @Nested
    class Memcached extends OnCache {
        @Override
        CacheBackend createCache() {
            return sharedServer("memcached", "memcached://127.0.0.1:11211",
                    MemcachedPing.probe("127.0.0.1", 11211));
        }

        @Override
        String plant(String data) {
            Assumptions.assumeTrue(data.length() < 1_000_000, "Memcached holds at most 1 MB an item");
            return super.plant(data);
        }
    }

    /**
     * The shared server's cache through its provider (random 32-character keys under the store's prefix:
     * nothing another test writes or reads); a missing server skips on a laptop and fails in CI.
     */
    static CacheBackend sharedServer(String scheme, String url, String unreachable) {
        if (!unreachable.isEmpty()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(unreachable + " (CI=true: the server must be there)");
            }
            Assumptions.abort(unreachable);
        }
        for (CacheBackendProvider provider : ServiceLoader.load(CacheBackendProvider.class)) {
            if (provider.schemes().contains(scheme)) {
                return provider.create(url, Clock.systemUTC());
            }
        }
        throw new AssertionError("no CacheBackendProvider serves the " + scheme + ": scheme");
    }

    /** cached_db: bad rows in the table (the cache starts empty) and bad entries in the cache. */
    @Nested
    class CachedDb extends HostileInputContract {
        private HostileDatabase database;
        private CacheBackend cache;

        @Override
        SessionSettings.Builder settings(SessionSettings.Builder base) throws Exception {
            database = new HostileDatabase(HostileDatabase.Kind.SQLITE);
            cache = LocalCaches.create(Clock.systemUTC());
            return database.connect(base.engine("cached_db"));
        }

        @Override
        SessionEngines.Builder customise(SessionEngines.Builder builder) {
            return builder.cache("default", cache);
        }

        @Override
        String plant(String data) throws Exception {
            return database.insert(data);
        }

        @Override
        boolean hasRecord(String key) throws Exception {
            return database.hasRow(key) || cache.contains(CACHED_DB_PREFIX + key);
        }

        /** The same bad data in the cache in front, over a good row: the cache's copy must not be trusted blindly. */
        @Override
        List<BadRecord> storeSpecificRecords() {
            return List.of(
                    new BadRecord("garbage in the cache, no row", () -> cacheEntry(
                            Instant.now().plusSeconds(3600).getEpochSecond() + ".000000000:garbage"), true),
                    new BadRecord("cache entry without its expiry", () -> cacheEntry("no expiry"), true));
        }

        /**
         * A good cache entry whose row is gone (deleted behind the cache's back) is served, as Django's cached_db
         * serves its cached copy; a save then finds no row to update. Django 3.2 answers that with UpdateError,
         * so SessionInterrupted and a 400; the core does the same, since writing the row again would revive a
         * session that was deleted. Nothing is written under the key, and the client is not handed a cookie.
         */
        @Test
        void aGoodCacheEntryWithNoRowIsServedAndItsSaveIsInterruptedAsInDjango() throws Exception {
            String payload = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString("{\"planted\":\"yes\"}".getBytes(StandardCharsets.UTF_8));
            String signed = new ReferenceSigner(dataSalt(), SECRET)
                    .timestampSign(payload, Instant.now());
            String key = cacheEntry(Instant.now().plusSeconds(3600).getEpochSecond() + ".000000000:" + signed);
            byte[] cookie = ("sessionid=" + key).getBytes(StandardCharsets.ISO_8859_1);

            RawHttp.Response read = RawHttp.send(port, "GET", "/api/session", cookie, null, null);
            assertThat(read.status()).isEqualTo(200);
            assertThat(data(read)).isEqualTo(Map.of("planted", "yes"));

            RawHttp.Response write = RawHttp.send(port, "POST", "/api/session", cookie, "application/json",
                    "{\"probe\": 1}".getBytes(StandardCharsets.UTF_8));
            assertNoInternals(write);
            assertThat(write.status()).isEqualTo(400);
            assertThat(write.headers("Set-Cookie")).isEmpty();
            assertThat(database.hasRow(key)).as("a row revived under the deleted session's key").isFalse();
        }

        private String cacheEntry(String entry) {
            String key = randomKey();
            cache.set(CACHED_DB_PREFIX + key, entry, Duration.ofHours(1));
            return key;
        }

        @Override
        void cleanUp() throws Exception {
            if (database != null) {
                database.close();
            }
        }
    }
}
