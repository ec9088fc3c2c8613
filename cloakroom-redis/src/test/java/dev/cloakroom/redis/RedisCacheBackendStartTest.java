package dev.cloakroom.redis;

import dev.cloakroom.cache.CacheUnavailableException;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Connecting starts when the backend is created. The first connection also starts the client, which on a busy host
 * took most of the 2 s timeout; opened on first use, it was charged to the first request, which then failed (and
 * opened the cache's circuit breaker, failing the next ones too).
 */
class RedisCacheBackendStartTest {

    @Test
    void creatingTheBackendStartsConnectingBeforeAnyOperation() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(5_000);
            try (RedisCacheBackend backend = new RedisCacheBackend(
                    RedisCacheUrl.parse("redis://127.0.0.1:" + listener.getLocalPort() + "/0"));
                    Socket accepted = listener.accept()) {
                assertThat(accepted.isConnected()).as("a connection opened with no operation called").isTrue();
            }
        }
    }

    @Test
    void creatingTheBackendSucceedsWhenRedisIsNotThereAndOperationsThenFail() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        try (RedisCacheBackend backend = new RedisCacheBackend(
                RedisCacheUrl.parse("redis://127.0.0.1:" + closedPort + "/0"))) {
            assertThatThrownBy(() -> backend.get("k")).isInstanceOf(CacheUnavailableException.class);
        }
    }
}
