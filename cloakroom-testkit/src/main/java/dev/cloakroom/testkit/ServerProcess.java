package dev.cloakroom.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A cache server of the test's own (redis-server, memcached) on a free loopback port, for fault tests that kill,
 * freeze or restart it: never the shared servers other tests use. {@link #kill()} is SIGKILL, {@link #freeze()}
 * and {@link #thaw()} are SIGSTOP and SIGCONT, {@link #start()} starts it again on the same port. Nothing is
 * persisted: a killed server comes back empty.
 *
 * <p>A missing binary skips the test with the reason, except under {@code CI=true}, where it fails it.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(10);

    private final String name;
    private final List<String> command;
    private final int port;
    private Process process;

    private ServerProcess(String name, List<String> command, int port) {
        this.name = name;
        this.command = command;
        this.port = port;
    }

    /** {@code redis-server} on a free port, without snapshots or an append-only file. */
    public static ServerProcess redis() throws IOException {
        int port = freePort();
        return new ServerProcess("redis-server", List.of(binary("redis-server"), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir",
                Files.createTempDirectory("cloakroom-redis-").toString()), port);
    }

    /** {@code memcached} on a free port, listening on loopback only. */
    public static ServerProcess memcached() throws IOException {
        int port = freePort();
        return new ServerProcess("memcached", List.of(binary("memcached"), "-p", Integer.toString(port), "-U", "0",
                "-l", "127.0.0.1", "-u", "root"), port);
    }

    public int port() {
        return port;
    }

    /** Starts the server and waits until its port accepts connections. */
    public synchronized ServerProcess start() throws IOException {
        if (process != null && process.isAlive()) {
            return this;
        }
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return this;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException(name + " on port " + port + " exited at start with " + process.exitValue());
                }
                sleep(20);
            }
        }
        throw new IOException(name + " on port " + port + " did not accept connections within " + READY);
    }

    /** SIGKILL, and waits until the process is gone. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** SIGSTOP: the server keeps its connections open and answers nothing. */
    public void freeze() throws IOException {
        signal("-STOP");
    }

    /** SIGCONT: a frozen server answers again, everything it was sent meanwhile included. */
    public void thaw() throws IOException {
        signal("-CONT");
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            try {
                thaw();
            } catch (IOException ignored) {
                // killing it below is all that matters
            }
            kill();
        }
    }

    private synchronized void signal(String signal) throws IOException {
        Objects.requireNonNull(process, "not started");
        try {
            int exit = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IOException("kill " + signal + " " + process.pid() + " exited with " + exit);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while signalling " + name, e);
        }
    }

    private static String binary(String executable) {
        for (String dir : List.of("/usr/bin", "/usr/local/bin", "/usr/sbin")) {
            Path candidate = Path.of(dir, executable);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        String reason = executable + " is not installed (apt-get install " + ("memcached".equals(executable)
                ? "memcached" : "redis-server") + ")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(reason + " (CI=true: a missing test server is a failure)");
        }
        assumeTrue(false, reason);
        return executable;
    }

    /** A port free now on loopback, below the kernel's range for outgoing ports so that a restart can bind it. */
    private static int freePort() throws IOException {
        List<Integer> tried = new ArrayList<>();
        for (int attempt = 0; attempt < 50; attempt++) {
            int candidate = 20_000 + (int) (Math.random() * 12_000);
            tried.add(candidate);
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), candidate));
                return candidate;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free loopback port among " + tried);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
