package dev.cloakroom.interop;

import dev.cloakroom.testkit.ServerProcess;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The cache both sides share for one test class, every key under a KEY_PREFIX of the class's own, read and
 * written as raw bytes behind both sides' backs: {@link #redis()} or {@link #memcached()}.
 */
abstract class SharedCache implements AutoCloseable {
    final String keyPrefix = "interop-" + UUID.randomUUID().toString().substring(0, 8);

    /** The LOCATION both sides are given. */
    abstract String location();

    /** The entry's bytes, or null. */
    abstract byte[] get(String key);

    /** The entry's remaining life in seconds: negative when there is none. */
    abstract long ttl(String key);

    static SharedCache redis() {
        return RedisCache.connect();
    }

    static SharedCache memcached() {
        return new MemcachedCache(MemcachedCache.HOST, MemcachedCache.PORT);
    }

    /** Two Memcached servers of the class's own, both in LOCATION; see {@link MemcachedServers}. */
    static MemcachedServers memcachedServers() {
        return MemcachedServers.start();
    }

    static void unusable(String why, Exception e) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(why + " (CI=true: an unreachable test server is a failure)", e);
        }
        Assumptions.abort(why);
    }

    /** Database {@value #DATABASE} of the local Redis; this class's keys are removed when closed. */
    static final class RedisCache extends SharedCache {
        static final String HOST = "127.0.0.1";
        static final int PORT = 6379;
        static final int DATABASE = 13;

        private final RedisClient client;
        private final StatefulRedisConnection<byte[], byte[]> connection;

        private RedisCache(RedisClient client, StatefulRedisConnection<byte[], byte[]> connection) {
            this.client = client;
            this.connection = connection;
        }

        /** Connects; skips (or, under CI=true, fails) when Redis is not running. */
        static RedisCache connect() {
            RedisClient client = RedisClient.create(RedisURI.builder().withHost(HOST).withPort(PORT).withDatabase(DATABASE)
                    .withTimeout(Duration.ofSeconds(5)).build());
            try {
                return new RedisCache(client, client.connect(ByteArrayCodec.INSTANCE));
            } catch (RuntimeException e) {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
                unusable("Redis at " + HOST + ":" + PORT + " is not usable: " + e.getMessage(), e);
                throw new IllegalStateException("unreachable");
            }
        }

        @Override
        String location() {
            return "redis://" + HOST + ":" + PORT + "/" + DATABASE;
        }

        @Override
        byte[] get(String key) {
            return commands().get(bytes(key));
        }

        void set(String key, byte[] value, long seconds) {
            commands().setex(bytes(key), seconds, value);
        }

        @Override
        long ttl(String key) {
            return commands().ttl(bytes(key));
        }

        private RedisCommands<byte[], byte[]> commands() {
            return connection.sync();
        }

        private static byte[] bytes(String key) {
            return key.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            try {
                ScanArgs matching = ScanArgs.Builder.matches(keyPrefix + ":*").limit(500);
                ScanCursor cursor = ScanCursor.INITIAL;
                do {
                    KeyScanCursor<byte[]> page = commands().scan(cursor, matching);
                    if (!page.getKeys().isEmpty()) {
                        commands().del(page.getKeys().toArray(new byte[0][]));
                    }
                    cursor = page;
                } while (!cursor.isFinished());
            } finally {
                connection.close();
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
    }

    /**
     * One Memcached over its text protocol: by default the local one on 11211. Memcached cannot list keys, so this
     * class's entries are left to expire.
     */
    static class MemcachedCache extends SharedCache {
        static final String HOST = "127.0.0.1";
        static final int PORT = 11211;

        private final String host;
        private final int port;

        MemcachedCache(String host, int port) {
            this.host = host;
            this.port = port;
            try {
                command("version\r\n", in -> line(in));
            } catch (IOException e) {
                unusable("Memcached at " + host + ":" + port + " is not usable: " + e.getMessage(), e);
            }
        }

        @Override
        String location() {
            return host + ":" + port;
        }

        /** {@code get}: {@code VALUE <key> <flags> <bytes>}, the data, {@code END}; or just {@code END}. */
        @Override
        byte[] get(String key) {
            return value(key, 0);
        }

        /** The flags pymemcache stored the entry with, or -1 when there is none. */
        int flags(String key) {
            return (int) (long) value(key, 1)[0];
        }

        private byte[] value(String key, int what) {
            try {
                return command("get " + key + "\r\n", in -> {
                    String header = line(in);
                    if (header.equals("END")) {
                        return what == 0 ? null : new byte[] {-1};
                    }
                    String[] parts = header.split(" ");
                    byte[] data = in.readNBytes(Integer.parseInt(parts[3]));
                    return what == 0 ? data : new byte[] {(byte) Integer.parseInt(parts[2])};
                });
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** The meta get {@code mg <key> t}: {@code HD t<seconds>}, or {@code EN} when there is no entry. */
        @Override
        long ttl(String key) {
            try {
                String answer = command("mg " + key + " t\r\n", SharedCache::line);
                return answer.startsWith("HD t") ? Long.parseLong(answer.substring(4).trim()) : -2;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private <T> T command(String text, Reply<T> reply) throws IOException {
            try (java.net.Socket socket = new java.net.Socket(host, port)) {
                socket.setSoTimeout(5000);
                socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
                return reply.read(socket.getInputStream());
            }
        }

        @Override
        public void close() {
        }
    }

    /**
     * Two Memcached servers started for the class on free loopback ports and killed when it closes, listed in
     * LOCATION as {@code 127.0.0.1:<first>;localhost:<second>}: one named by its address, one by a name, as a
     * settings file may, since the names are what both sides place keys by. Each entry is read from whichever
     * server holds it; {@link #holders} says which do.
     */
    static final class MemcachedServers extends SharedCache {
        private final List<ServerProcess> processes;
        private final List<MemcachedCache> servers;

        private MemcachedServers(List<ServerProcess> processes, List<MemcachedCache> servers) {
            this.processes = processes;
            this.servers = servers;
        }

        static MemcachedServers start() {
            List<ServerProcess> processes = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    processes.add(ServerProcess.memcached().start());
                }
                return new MemcachedServers(processes, List.of(
                        new MemcachedCache("127.0.0.1", processes.get(0).port()),
                        new MemcachedCache("localhost", processes.get(1).port())));
            } catch (IOException | RuntimeException e) {
                processes.forEach(ServerProcess::close);
                throw new IllegalStateException("could not start two Memcached servers", e);
            }
        }

        /** {@code 127.0.0.1:<first>;localhost:<second>}, Django's separator, which Cloakroom reads too. */
        @Override
        String location() {
            return servers.get(0).location() + ";" + servers.get(1).location();
        }

        /** The indexes (0, 1) of the servers that hold {@code key}. */
        List<Integer> holders(String key) {
            List<Integer> holders = new ArrayList<>();
            for (int i = 0; i < servers.size(); i++) {
                if (servers.get(i).get(key) != null) {
                    holders.add(i);
                }
            }
            return holders;
        }

        @Override
        byte[] get(String key) {
            for (MemcachedCache server : servers) {
                byte[] value = server.get(key);
                if (value != null) {
                    return value;
                }
            }
            return null;
        }

        @Override
        long ttl(String key) {
            for (MemcachedCache server : servers) {
                long ttl = server.ttl(key);
                if (ttl != -2) {
                    return ttl;
                }
            }
            return -2;
        }

        @Override
        public void close() {
            processes.forEach(ServerProcess::close);
        }
    }

    @FunctionalInterface
    interface Reply<T> {
        T read(java.io.InputStream in) throws IOException;
    }

    static String line(java.io.InputStream in) throws IOException {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n' && b >= 0) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
