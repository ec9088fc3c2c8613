package dev.cloakroom.bench.jmh;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.zaxxer.hikari.HikariDataSource;
import dev.cloakroom.jdbc.schema.SchemaMigrator;
import dev.cloakroom.settings.SessionSettings;
import io.lettuce.core.RedisClient;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.utils.AddrUtil;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where {@link StoreBenchmark} keeps its sessions: benchmark-only places on the shared servers (database
 * {@code cloakroom_bench}, table {@code bench_jmh_session} beside {@code bench_jmh_raw} of the same shape; Redis
 * database 12 under {@code jmhbench:} and {@code jmhraw:}; Memcached under {@code jmhbench} and {@code jmhraw}),
 * and the matching {@link RawStore}.
 */
final class BenchStores {
    static final Duration TWO_WEEKS = Duration.ofSeconds(1_209_600);
    private static final String POSTGRESQL = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String MARIADB = "jdbc:mariadb://127.0.0.1:3306/";
    private static final String TABLE = "bench_jmh_session";
    private static final String RAW_TABLE = "bench_jmh_raw";
    private static final String POOL_SIZE = "10";

    private BenchStores() {
    }

    /** A store's engine settings and how to make its baseline over the keys the engine stored. */
    interface Target {
        SessionSettings settings();

        RawStore raw(List<String> keys, String sampleData) throws Exception;
    }

    static Target target(String store, Path directory) throws Exception {
        SessionSettings.Builder settings = SessionSettings.builder().secretKey(CodecBenchmark.SECRET);
        return switch (store) {
            case "sqlite" -> database(settings, "jdbc:sqlite:" + directory.resolve("bench.sqlite3"), null);
            case "postgresql" -> {
                createDatabase(POSTGRESQL + "postgres", "postgres",
                        "SELECT 1 FROM pg_database WHERE datname = 'cloakroom_bench'", "CREATE DATABASE cloakroom_bench");
                yield database(settings, POSTGRESQL + "cloakroom_bench", "postgres");
            }
            case "mariadb" -> {
                createDatabase(MARIADB, "root", null, "CREATE DATABASE IF NOT EXISTS cloakroom_bench");
                yield database(settings, MARIADB + "cloakroom_bench", "root");
            }
            case "redis" -> simple(settings.engine("cache").set("CACHE_DEFAULT_URL",
                    "redis://127.0.0.1:6379/12?keyPrefix=jmhbench:&timeout=10s").build(), keys -> new RedisRaw());
            case "memcached" -> simple(settings.engine("cache").set("CACHE_DEFAULT_URL",
                    "memcached://127.0.0.1:11211?keyPrefix=jmhbench&timeout=10s").build(), keys -> new MemcachedRaw());
            case "file" -> simple(settings.engine("file").filePath(directory).build(),
                    keys -> new FileRaw(Files.createDirectories(directory.resolve("raw"))));
            case "local" -> simple(settings.engine("cache").set("CACHE_DEFAULT_URL", "local:").build(),
                    keys -> new LocalRaw());
            default -> throw new IllegalArgumentException("unknown store " + store);
        };
    }

    private interface RawFactory {
        RawStore open(List<String> keys) throws Exception;
    }

    private static Target simple(SessionSettings settings, RawFactory factory) {
        return new Target() {
            @Override
            public SessionSettings settings() {
                return settings;
            }

            @Override
            public RawStore raw(List<String> keys, String sampleData) throws Exception {
                RawStore raw = factory.open(keys);
                for (String key : keys) {
                    raw.save(key, sampleData);
                }
                return raw;
            }
        };
    }

    private static Target database(SessionSettings.Builder builder, String url, String user) {
        builder.engine("db").set("DATABASE_URL", url).set("DATABASE_POOL_SIZE", POOL_SIZE)
                .set("DATABASE_CONNECT_TIMEOUT", "30");
        if (user != null) {
            builder.set("DATABASE_USER", user);
        }
        SessionSettings ours = builder.set("DATABASE_TABLE", TABLE).build();
        SessionSettings rawShape = builder.set("DATABASE_TABLE", RAW_TABLE).build();
        SchemaMigrator.migrateConfigured(ours);
        SchemaMigrator.migrateConfigured(rawShape);
        return new Target() {
            @Override
            public SessionSettings settings() {
                return ours;
            }

            @Override
            public RawStore raw(List<String> keys, String sampleData) throws Exception {
                JdbcRaw raw = new JdbcRaw(url, user);
                raw.copyFrom(TABLE);
                return raw;
            }
        };
    }

    private static void createDatabase(String url, String user, String exists, String create) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, user, "");
             Statement statement = connection.createStatement()) {
            if (exists != null) {
                try (ResultSet found = statement.executeQuery(exists)) {
                    if (found.next()) {
                        return;
                    }
                }
            }
            statement.execute(create);
        }
    }

    /** A primary-key SELECT and UPDATE on a pooled connection in autocommit, as the db engine's pool gives. */
    static final class JdbcRaw implements RawStore {
        private final HikariDataSource pool = new HikariDataSource();

        JdbcRaw(String url, String user) {
            pool.setJdbcUrl(url);
            if (user != null) {
                pool.setUsername(user);
            }
            pool.setMaximumPoolSize(Integer.parseInt(POOL_SIZE));
        }

        void copyFrom(String table) throws Exception {
            try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("DELETE FROM " + RAW_TABLE);
                statement.execute("INSERT INTO " + RAW_TABLE + " (session_key, session_data, expire_date)"
                        + " SELECT session_key, session_data, expire_date FROM " + table);
            }
        }

        @Override
        public String load(String key) throws Exception {
            try (Connection connection = pool.getConnection(); PreparedStatement select = connection.prepareStatement(
                    "SELECT session_data, expire_date FROM " + RAW_TABLE + " WHERE session_key = ?")) {
                select.setString(1, key);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() && row.getTimestamp(2) != null ? row.getString(1) : null;
                }
            }
        }

        @Override
        public void save(String key, String data) throws Exception {
            try (Connection connection = pool.getConnection(); PreparedStatement update = connection.prepareStatement(
                    "UPDATE " + RAW_TABLE + " SET session_data = ?, expire_date = ? WHERE session_key = ?")) {
                update.setString(1, data);
                update.setTimestamp(2, Timestamp.from(Instant.now().plus(TWO_WEEKS)));
                update.setString(3, key);
                update.executeUpdate();
            }
        }

        /** Empties both tables, so repeated runs do not grow them. */
        @Override
        public void close() throws Exception {
            try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("DELETE FROM " + RAW_TABLE);
                statement.execute("DELETE FROM " + TABLE);
            } finally {
                pool.close();
            }
        }
    }

    /** A Lettuce GET and SET with a TTL on one connection, as the cache backend uses one. */
    static final class RedisRaw implements RawStore {
        private final RedisClient client = RedisClient.create("redis://127.0.0.1:6379/12");
        private final StatefulRedisConnection<String, String> connection = client.connect();
        private final RedisCommands<String, String> redis = connection.sync();

        @Override
        public String load(String key) {
            return redis.get("jmhraw:" + key);
        }

        @Override
        public void save(String key, String data) {
            redis.set("jmhraw:" + key, data, SetArgs.Builder.ex(TWO_WEEKS.toSeconds()));
        }

        @Override
        public void close() {
            connection.close();
            client.shutdown();
        }
    }

    /** An xmemcached get and set with a TTL, on the client the Memcached backend is built on. */
    static final class MemcachedRaw implements RawStore {
        private final MemcachedClient client;

        MemcachedRaw() throws IOException {
            XMemcachedClientBuilder builder = new XMemcachedClientBuilder(AddrUtil.getAddresses("127.0.0.1:11211"));
            builder.setOpTimeout(10_000);
            client = builder.build();
        }

        @Override
        public String load(String key) throws Exception {
            return client.get("jmhraw" + key);
        }

        @Override
        public void save(String key, String data) throws Exception {
            client.set("jmhraw" + key, (int) TWO_WEEKS.toSeconds(), data);
        }

        @Override
        public void close() throws IOException {
            client.shutdown();
        }
    }

    /** A file read and a write to a temporary file renamed over the old one, as a crash-safe file store does. */
    static final class FileRaw implements RawStore {
        private final Path directory;

        FileRaw(Path directory) {
            this.directory = directory;
        }

        @Override
        public String load(String key) throws IOException {
            return Files.readString(directory.resolve(key), StandardCharsets.UTF_8);
        }

        @Override
        public void save(String key, String data) throws IOException {
            Path temporary = Files.createTempFile(directory, key, ".tmp");
            Files.writeString(temporary, data, StandardCharsets.UTF_8);
            Files.move(temporary, directory.resolve(key), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        }

        @Override
        public void close() {
        }
    }

    /** A Caffeine get and put, the local cache's own structure. */
    static final class LocalRaw implements RawStore {
        private final Cache<String, String> cache = Caffeine.newBuilder().maximumSize(100_000)
                .expireAfterWrite(TWO_WEEKS).build();

        @Override
        public String load(String key) {
            return cache.getIfPresent(key);
        }

        @Override
        public void save(String key, String data) {
            cache.put(key, data);
        }

        @Override
        public void close() {
        }
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
