package dev.cloakroom.demo;

import dev.cloakroom.jdbc.DbEngineProvider;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Store traffic on cached_db: PostgreSQL behind a cache server of the test's own (Redis, memcached), both counted.
 * A read that finds the entry costs the cache one read and the table nothing; a write goes to the table once and
 * refreshes the cache once. A read whose entry the cache lost reads the table once; see {@code cacheOnAMiss} for
 * what it costs the cache (Django: a get and a set).
 */
class StoreTrafficOnCachedDbTest {
    abstract static class OnPostgres extends StoreTrafficContract {
        HostileDatabase database;
        CountingDataSource dataSource;
        StoreTrafficServers servers;

        abstract StoreTrafficServers start() throws Exception;

        /**
         * The cache's share of a read whose entry it lost: the read also leases the entry, so that a save during
         * the table's read is never overwritten by the older record, then swaps the lease for the record.
         */
        abstract Expected cacheOnAMiss();

        @Override
        SessionSettings.Builder settings(SessionSettings.Builder base) throws Exception {
            database = new HostileDatabase(HostileDatabase.Kind.POSTGRES);
            dataSource = new CountingDataSource(database::connection);
            servers = start();
            return database.connect(base.engine("cached_db"));
        }

        @Override
        SessionEngines.Builder customise(SessionEngines.Builder builder) {
            return builder.provider(new DbEngineProvider(dataSource)).cache("default", servers.cache);
        }

        @Override
        List<TrafficMeter> meters() {
            return List.of(servers.meter, dataSource);
        }

        @Override
        Map<String, Expected> expected(Case c) {
            Map<String, Expected> each = new LinkedHashMap<>();
            switch (c) {
                case NEW_VISITOR_COUNT -> {
                    each.put("cache", new Expected(0, 1));
                    each.put("db", new Expected(0, 1));
                }
                case RETURNING_COUNT -> {
                    each.put("cache", new Expected(1, 1));
                    each.put("db", new Expected(0, 1));
                }
                case RETURNING_READ -> {
                    each.put("cache", new Expected(1, 0));
                    each.put("db", new Expected(0, 0));
                }
                case UNTOUCHED_WITHOUT_COOKIE, UNTOUCHED_WITH_COOKIE -> {
                    each.put("cache", new Expected(0, 0));
                    each.put("db", new Expected(0, 0));
                }
                case CACHE_MISS_READ -> {
                    each.put("cache", cacheOnAMiss());
                    each.put("db", new Expected(1, 0));
                }
            }
            return each;
        }

        @Test
        void aReadWhoseEntryTheCacheLostReadsTheTableOnceAndRefillsTheCache() throws Exception {
            String cookie = newVisitor();
            String key = cookie.substring("sessionid=".length());
            assertThat(servers.cache.delete(CACHED_DB_PREFIX + key)).as("the entry the new session left").isTrue();
            Measured measured = measure(Case.CACHE_MISS_READ, "/read", cookie);
            assertThat(measured.response().status()).isEqualTo(200);
            assertThat(measured.response().body()).isEqualTo("1");
            assertThat(measured.response().headers("Set-Cookie")).as("Set-Cookie on a read").isEmpty();
            measured.assertExpected();
        }

        @Override
        void cleanUp() throws Exception {
            try {
                if (servers != null) {
                    servers.close();
                }
            } finally {
                if (database != null) {
                    database.close();
                }
            }
        }
    }

    @Nested
    class PostgresAndRedis extends OnPostgres {
        @Override
        StoreTrafficServers start() throws Exception {
            return StoreTrafficServers.redis();
        }

        /** The get-or-lease script (it stores the lease) and the fill's compare-and-set: two writes, two calls. */
        @Override
        Expected cacheOnAMiss() {
            return new Expected(0, 2);
        }

        @Override
        String label() {
            return "cached_db on PostgreSQL + Redis";
        }
    }

    @Nested
    class PostgresAndMemcached extends OnPostgres {
        @Override
        StoreTrafficServers start() throws Exception {
            return StoreTrafficServers.memcached();
        }

        /**
         * gets (the miss), add (the lease), then the fill's gets and cas: memcached's add answers no CAS unique, so
         * the swap reads it first. Two calls more than Django's get and set, the price of the lease here.
         */
        @Override
        Expected cacheOnAMiss() {
            return new Expected(2, 2);
        }

        @Override
        String label() {
            return "cached_db on PostgreSQL + memcached";
        }
    }
}
