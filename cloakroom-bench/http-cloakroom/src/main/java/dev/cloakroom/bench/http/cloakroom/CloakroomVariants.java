package dev.cloakroom.bench.http.cloakroom;

import dev.cloakroom.settings.SessionSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The settings of each Cloakroom variant of the load benchmark. Every server-side store is a benchmark-only
 * place: the {@code cloakroom_bench} databases, Redis database 12 and Memcached under key prefixes starting
 * {@code crbench}, and
 * files under the run's working directory; the load script creates and empties them.
 */
final class CloakroomVariants {
    static final List<String> NAMES = List.of("db-sqlite", "db-postgresql", "db-mariadb", "cache-local",
            "cache-redis", "cache-memcached", "cached-db", "file", "signed-cookies");

    /** The benchmark's own key: a fixed value, so the audit process signs and reads as the server does. */
    private static final String SECRET_KEY = "cloakroom-bench-only-secret-key-not-for-any-real-service";
    static final String POSTGRESQL_URL = "jdbc:postgresql://127.0.0.1:5432/cloakroom_bench";
    static final String MARIADB_URL = "jdbc:mariadb://127.0.0.1:3306/cloakroom_bench";
    static final String REDIS_URL = "redis://127.0.0.1:6379/12?keyPrefix=crbench:&timeout=10s";
    /** The shared Memcached, as .ci/run starts it; Memcached cannot list keys, so the prefix only isolates. */
    static final String MEMCACHED_URL = "memcached://127.0.0.1:11211?keyPrefix=crbench&timeout=10s";
    /** cached_db keeps a table and keys of its own, so its figures and write check are not mixed with db's. */
    static final String CACHED_DB_TABLE = "cached_django_session";
    static final String CACHED_DB_REDIS_URL = "redis://127.0.0.1:6379/12?keyPrefix=crbenchcdb:&timeout=10s";
    /** The same pool size as the Spring Session JDBC variant's, so neither wins on connections. */
    static final String POOL_SIZE = "10";
    /** Seconds a request waits for a pooled connection: HikariCP's own default, which Spring Session's pool keeps. */
    static final String CONNECT_TIMEOUT = "30";

    private CloakroomVariants() {
    }

    /** The settings a server of {@code variant} runs on. */
    static SessionSettings settings(String variant, Path workDirectory) throws Exception {
        SessionSettings.Builder settings = SessionSettings.builder().secretKey(SECRET_KEY).useTz(true);
        switch (variant) {
            case "db-sqlite" -> database(settings.engine("db"), "jdbc:sqlite:"
                    + workDirectory.resolve("bench.sqlite3").toAbsolutePath() + sqliteOptions(), null);
            case "db-postgresql" -> database(settings.engine("db"), POSTGRESQL_URL, "postgres");
            case "db-mariadb" -> database(settings.engine("db"), MARIADB_URL, "root");
            // new visitors create sessions at the full request rate: room for all of them, so that no returning
            // visitor's session is evicted and the write check stays a check of writes
            case "cache-local" -> settings.engine("cache").set("CACHE_DEFAULT_URL", "local:?maxEntries=2000000");
            case "cache-redis" -> settings.engine("cache").set("CACHE_DEFAULT_URL", REDIS_URL);
            case "cache-memcached" -> settings.engine("cache").set("CACHE_DEFAULT_URL", MEMCACHED_URL);
            case "cached-db" -> database(settings.engine("cached_db"), POSTGRESQL_URL, "postgres")
                    .set("DATABASE_TABLE", CACHED_DB_TABLE).set("CACHE_DEFAULT_URL", CACHED_DB_REDIS_URL);
            case "file" -> {
                Path sessions = Files.createDirectories(workDirectory.resolve("file-sessions"));
                settings.engine("file").filePath(sessions.toAbsolutePath());
            }
            case "signed-cookies" -> settings.engine("signed_cookies");
            default -> throw new IllegalArgumentException("unknown Cloakroom variant " + variant + "; expected one of "
                    + NAMES);
        }
        return settings.build();
    }

    /**
     * The settings that read {@code variant}'s store of record, for the write check: cached_db's writes are
     * checked in the database, not the cache in front of it.
     */
    static SessionSettings storeOfRecord(String variant, Path workDirectory) throws Exception {
        if (variant.equals("cached-db")) {
            return database(SessionSettings.builder().secretKey(SECRET_KEY).useTz(true).engine("db"), POSTGRESQL_URL,
                    "postgres").set("DATABASE_TABLE", CACHED_DB_TABLE).build();
        }
        return settings(variant, workDirectory);
    }

    /** BENCH_SQLITE_SYNCHRONOUS (e.g. NORMAL) measures SQLite with that synchronous mode instead of its default. */
    private static String sqliteOptions() {
        String synchronous = System.getenv("BENCH_SQLITE_SYNCHRONOUS");
        return synchronous == null || synchronous.isBlank() ? "" : "?synchronous=" + synchronous;
    }

    private static SessionSettings.Builder database(SessionSettings.Builder settings, String url, String user) {
        settings.set("DATABASE_URL", url).set("DATABASE_POOL_SIZE", POOL_SIZE)
                .set("DATABASE_CONNECT_TIMEOUT", CONNECT_TIMEOUT);
        if (user != null) {
            settings.set("DATABASE_USER", user);
        }
        return settings;
    }
}
