package dev.cloakroom.redis.support;

import dev.cloakroom.testkit.RedisPing;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.lettuce.core.sentinel.api.sync.RedisSentinelCommands;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Redis servers and Sentinels that one test class starts for itself, never the shared Redis: each on a free
 * loopback port, with its files in a temporary directory. {@link #close()} kills every process still running and
 * deletes the directory; a JVM shutdown hook does the same if a test run ends without closing.
 *
 * <p>Ports come from below the kernel's range for outgoing connections, and a server's port plus 10000 (a
 * cluster node's bus port) is free too, so a client's outgoing socket never holds the port a server needs.
 */
public final class LocalRedisServers implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final int LOWEST_PORT = 15_000;
    private static final int HIGHEST_PORT = 22_000;

    private final Path directory;
    private final Map<Integer, Process> processes = new LinkedHashMap<>();
    private final Thread cleanUpOnExit = new Thread(this::killAllAndDelete, "local-redis-clean-up");

    public LocalRedisServers() {
        try {
            directory = Files.createTempDirectory("cloakroom-redis-topology-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(cleanUpOnExit);
    }

    /** Starts {@code redis-server} with {@code options} (e.g. {@code --cluster-enabled yes}); returns its port. */
    public int startServer(String... options) {
        return start("redis-server", options, port -> List.of());
    }

    /** Starts a {@code redis-sentinel} whose configuration file holds {@code configuration}; returns its port. */
    public int startSentinel(String configuration) {
        return start("redis-sentinel", new String[0], port -> {
            Path file = directory.resolve("sentinel-" + port + ".conf");
            try {
                // Sentinel rewrites its file as it learns the set-up, so each one needs a writable file of its own.
                Files.writeString(file, configuration);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return List.of(file.toString());
        });
    }

    /** Kills the server on {@code port} at once (SIGKILL), as a crash would, and waits until it is gone. */
    public void kill(int port) {
        Process process;
        synchronized (processes) {
            process = processes.remove(port);
        }
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Freezes the server on {@code port} (SIGSTOP): it keeps its connections but answers nothing, so commands sent
     * to it stay in flight.
     */
    public void freeze(int port) {
        Process process;
        synchronized (processes) {
            process = processes.get(port);
        }
        if (process == null) {
            throw new IllegalStateException("no server of ours on port " + port);
        }
        try {
            int status = new ProcessBuilder("kill", "-STOP", Long.toString(process.pid())).inheritIO().start()
                    .waitFor();
            if (status != 0) {
                throw new IllegalStateException("kill -STOP " + process.pid() + " exited with " + status);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while freezing port " + port, e);
        }
    }

    @Override
    public void close() {
        killAllAndDelete();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanUpOnExit);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook runs anyway; nothing is left for it to do.
        }
    }

    /** Runs {@code action} on a short-lived connection to the server (or Sentinel) on {@code port}. */
    public static <T> T withCommands(int port, Function<RedisCommands<String, String>, T> action) {
        RedisClient client = RedisClient.create(RedisURI.builder().withHost(TestRedis.HOST).withPort(port)
                .withTimeout(Duration.ofSeconds(5)).build());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return action.apply(connection.sync());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** Runs {@code action} on a short-lived connection to the Sentinel on {@code port}. */
    public static <T> T withSentinel(int port, Function<RedisSentinelCommands<String, String>, T> action) {
        RedisClient client = RedisClient.create();
        RedisURI uri = RedisURI.builder().withHost(TestRedis.HOST).withPort(port)
                .withTimeout(Duration.ofSeconds(5)).build();
        try (StatefulRedisSentinelConnection<String, String> connection = client.connectSentinel(uri)) {
            return action.apply(connection.sync());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** Polls {@code condition} every 50 ms until it holds; fails naming {@code what} after {@code timeout}. */
    public static void awaitCondition(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                last = notYet;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
        throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what, last);
    }

    private int start(String binary, String[] options, Function<Integer, List<String>> configFiles) {
        AssertionError lastFailure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            List<String> command = new ArrayList<>();
            command.add(binary);
            command.addAll(configFiles.apply(port));
            command.addAll(List.of("--port", Integer.toString(port), "--bind", TestRedis.HOST, "--save", "",
                    "--appendonly", "no", "--dir", directory.toString(), "--daemonize", "no"));
            command.addAll(List.of(options));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(directory.resolve(binary + "-" + port + ".log").toFile());
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + binary, e);
            }
            synchronized (processes) {
                processes.put(port, process);
            }
            try {
                awaitCondition(binary + " answering PING on port " + port, START_TIMEOUT,
                        () -> process.isAlive() && RedisPing.probe(TestRedis.HOST, port).isEmpty());
                return port;
            } catch (AssertionError failed) {
                // Most likely another process took the port between the check and the start: try another.
                lastFailure = failed;
                kill(port);
            }
        }
        throw lastFailure;
    }

    private static int freePort() {
        for (int tries = 0; tries < 200; tries++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST_PORT, HIGHEST_PORT);
            if (bindable(port) && bindable(port + 10_000)) {
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port pair between " + LOWEST_PORT + " and " + HIGHEST_PORT);
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private void killAllAndDelete() {
        List<Integer> ports;
        synchronized (processes) {
            ports = new ArrayList<>(processes.keySet());
        }
        ports.forEach(this::kill);
        if (Files.exists(directory)) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
