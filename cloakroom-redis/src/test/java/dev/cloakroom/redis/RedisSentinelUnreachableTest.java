package dev.cloakroom.redis;

import dev.cloakroom.cache.CacheUnavailableException;
import dev.cloakroom.testkit.LogCapture;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three Sentinels that are not there (closed loopback ports): the failure names what went wrong rather than
 * "null", and a burst of operations makes one connection attempt, not one each, so the log (Lettuce warns once
 * per Sentinel per attempt) grows with time, not with traffic.
 */
class RedisSentinelUnreachableTest {
    private static final int OPERATIONS = 20;

    @Test
    void aBurstOfOperationsAgainstDeadSentinelsMakesOneAttemptAndAUsefulMessage() throws IOException {
        List<Integer> ports = closedPorts(3);
        String url = "redis-sentinel://127.0.0.1:" + ports.get(0) + ",127.0.0.1:" + ports.get(1) + ",127.0.0.1:"
                + ports.get(2) + "/0?timeout=500ms#cloakroom";
        try (LogCapture log = LogCapture.start();
             RedisCacheBackend cache = new RedisCacheBackend(RedisCacheUrl.parse(url))) {
            long started = System.nanoTime();
            List<String> messages = new ArrayList<>();
            for (int i = 0; i < OPERATIONS; i++) {
                try {
                    cache.get("k");
                } catch (CacheUnavailableException expected) {
                    messages.add(expected.getMessage());
                }
            }
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(messages).hasSize(OPERATIONS);
            // One attempt per reconnect delay at most, each warned about once per Sentinel by Lettuce, plus the
            // backend's one outage line.
            long attemptsAllowed = 1 + elapsedMillis / RedisCacheBackend.RECONNECT_DELAY_MAX_MILLIS;
            long warnings = log.text().lines().filter(line -> line.contains("WARN")).count();
            assertThat(warnings).as("WARN lines for %d operations in %d ms:%n%s", OPERATIONS, elapsedMillis,
                    log.text()).isLessThanOrEqualTo(3 * attemptsAllowed + 1).isLessThan(OPERATIONS);
            assertThat(messages).allSatisfy(message -> assertThat(message)
                    .contains("Cannot connect to Redis at redis-sentinel://").doesNotEndWith(": null")
                    .doesNotContain("null ("));
        }
    }

    private static List<Integer> closedPorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
