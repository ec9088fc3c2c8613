package dev.cloakroom.memcached.support;

import dev.cloakroom.testkit.MemcachedPing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A Memcached server of the test's own on a free loopback port, to kill and start again, never the shared one.
 * The port is taken below the kernel's range for outgoing connections (32768 and up on Linux), so that it is
 * still free when the server is started again on it.
 */
public final class OwnMemcached implements AutoCloseable {
    public static final String HOST = "127.0.0.1";
    private static final Duration STARTUP = Duration.ofSeconds(10);

    private final int port;
    private Process process;

    private OwnMemcached(int port) {
        this.port = port;
    }

    /** Starts a server on a free port and waits until it answers. */
    public static OwnMemcached start() throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            int candidate = 20_000 + ThreadLocalRandom.current().nextInt(12_000);
            if (!isFree(candidate)) {
                continue;
            }
            OwnMemcached server = new OwnMemcached(candidate);
            try {
                server.restart();
                return server;
            } catch (IOException lostTheRace) {
                last = lostTheRace;
            }
        }
        throw new IOException("no free port for a test memcached", last);
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:port}. */
    public String location() {
        return HOST + ":" + port;
    }

    /** Kills the server at once (SIGKILL), as a crash would, and waits until it is gone. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    /** Starts the server (again) on the same port, empty, and waits until it answers. */
    public void restart() throws IOException, InterruptedException {
        kill();
        String binary = MemcachedBinary.find().orElseThrow(() -> new IOException("no memcached on the PATH"))
                .toString();
        // -U 0: no UDP; -u: memcached refuses to run as root without naming a user, and ignores it otherwise.
        process = new ProcessBuilder(List.of(binary, "-l", HOST, "-p", Integer.toString(port), "-U", "0",
                "-m", "16", "-t", "1", "-u", System.getProperty("user.name")))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        String why = "";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("memcached on port " + port + " exited with " + process.exitValue());
            }
            why = MemcachedPing.probe(HOST, port);
            if (why.isEmpty()) {
                return;
            }
            Thread.sleep(20);
        }
        kill();
        throw new IOException("memcached on port " + port + " did not answer within " + STARTUP + ": " + why);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
