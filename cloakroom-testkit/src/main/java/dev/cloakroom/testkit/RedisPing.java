package dev.cloakroom.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Whether a Redis server answers, for tests that need one: a raw {@code PING} over a plain socket, so that a
 * test can decide to run, skip or fail before any client library tries to connect (and retries).
 */
public final class RedisPing {
    private static final int TIMEOUT_MILLIS = 2000;

    private RedisPing() {
    }

    /** An empty string when the server at {@code host:port} answers PING within 2 s, else why not. */
    public static String probe(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readNBytes(7), StandardCharsets.US_ASCII);
            return answer.startsWith("+PONG") ? ""
                    : "Redis at " + host + ":" + port + " answered PING with '" + answer.trim() + "'";
        } catch (IOException e) {
            return "Redis is not reachable at " + host + ":" + port + ": " + e;
        }
    }
}
