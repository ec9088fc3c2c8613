package dev.cloakroom.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Whether a Memcached server answers, for tests that need one: a raw {@code version} command over a plain
 * socket, so that a test can decide to run, skip or fail before any client library tries to connect (and
 * retries in the background).
 */
public final class MemcachedPing {
    private static final int TIMEOUT_MILLIS = 2000;

    private MemcachedPing() {
    }

    /** An empty string when the server at {@code host:port} answers {@code version} within 2 s, else why not. */
    public static String probe(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write("version\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readNBytes(8), StandardCharsets.US_ASCII);
            return answer.startsWith("VERSION ") ? ""
                    : "Memcached at " + host + ":" + port + " answered version with '" + answer.trim() + "'";
        } catch (IOException e) {
            return "Memcached is not reachable at " + host + ":" + port + ": " + e;
        }
    }
}
