package dev.cloakroom.memcached;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.CacheBackend.CasResult;
import dev.cloakroom.cache.CacheUnavailableException;
import dev.cloakroom.memcached.support.OwnMemcached;
import dev.cloakroom.memcached.support.RequiresMemcachedBinary;
import dev.cloakroom.session.Session;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.store.SessionStoreException;
import dev.cloakroom.testkit.MutableClock;
import dev.cloakroom.testkit.SessionContractSupport;
import dev.cloakroom.testkit.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A Memcached that is killed, not yet started, or hung: operations fail fast as {@link CacheUnavailableException}
 * within the configured timeout, the cache session store turns an unreadable session into a missing one, and
 * everything works again once the server is back. Each test runs its own {@code memcached} on a free loopback
 * port and kills and restarts it; the shared server is never touched.
 *
 * <p>These tests wait in real time: xmemcached reconnects on its own schedule (first after one second), so
 * recovery is polled for, up to {@link #RECOVERY}.
 */
@RequiresMemcachedBinary
class MemcachedOutageTest {
    /** The operation and connect timeout the tests configure. */
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    /** What "fails fast" allows beyond the timeout on a loaded CI machine; far below any unbounded wait. */
    private static final Duration SLACK = Duration.ofMillis(3000);
    /** How long xmemcached may take to reconnect once the server is back. */
    private static final Duration RECOVERY = Duration.ofSeconds(20);

    private OwnMemcached server;

    @BeforeEach
    void startServer() throws Exception {
        server = OwnMemcached.start();
    }

    @AfterEach
    void killServer() throws InterruptedException {
        server.close();
    }

    @Test
    void whenTheServerIsKilledOperationsFailFastAndWorkAgainWhenItIsRestarted() throws Exception {
        try (CacheBackend cache = backend(server.location())) {
            cache.set("k", "v", Duration.ofMinutes(5));
            assertThat(cache.get("k")).contains("v");
            server.kill();

            long started = System.nanoTime();
            assertThatThrownBy(() -> cache.get("k")).isInstanceOf(CacheUnavailableException.class)
                    .hasMessageContaining(server.location()).hasMessageContaining("gets")
                    .hasMessageContaining("not connected").hasMessageNotContaining("Session(");
            assertThatThrownBy(() -> cache.set("k", "w", Duration.ofMinutes(5)))
                    .isInstanceOf(CacheUnavailableException.class);
            assertThatThrownBy(() -> cache.add("new", "w", Duration.ofMinutes(5)))
                    .isInstanceOf(CacheUnavailableException.class);
            assertThatThrownBy(() -> cache.compareAndSet("k", "v", "w", Duration.ofMinutes(5)))
                    .isInstanceOf(CacheUnavailableException.class);
            assertThatThrownBy(() -> cache.delete("k")).isInstanceOf(CacheUnavailableException.class);
            assertThat(elapsedSince(started)).as("five operations on a server that went away")
                    .isLessThan(TIMEOUT.plus(SLACK));

            server.restart();
            // A restarted Memcached is empty: the entry is gone, and the server takes writes again.
            assertThat(eventually(() -> cache.get("k"))).isEmpty();
            cache.set("k", "after", Duration.ofMinutes(5));
            assertThat(cache.get("k")).contains("after");
        }
    }

    @Test
    void aBackendBuiltWhileTheServerIsDownStartsAndConnectsOnceTheServerIsUp() throws Exception {
        server.kill();
        long started = System.nanoTime();
        try (CacheBackend cache = backend(server.location())) {
            assertThatThrownBy(() -> cache.get("k")).isInstanceOf(CacheUnavailableException.class);
            assertThat(elapsedSince(started)).as("building the backend and one operation")
                    .isLessThan(TIMEOUT.plus(TIMEOUT).plus(SLACK));

            server.restart();
            eventually(() -> {
                cache.set("k", "v", Duration.ofMinutes(5));
                return null;
            });
            assertThat(cache.get("k")).contains("v");
        }
    }

    @Test
    void aHungServerTimesOutWithinTheTimeoutAndWorksWhenItAnswersAgain() throws Exception {
        try (TcpProxy proxy = new TcpProxy(server.port())) {
            proxy.start();
            try (CacheBackend cache = backend(OwnMemcached.HOST + ":" + proxy.port())) {
                cache.set("k", "v", Duration.ofMinutes(5));
                proxy.stall();

                long started = System.nanoTime();
                assertThatThrownBy(() -> cache.get("k")).isInstanceOf(CacheUnavailableException.class)
                        .hasMessageContaining("timed out").hasMessageContaining("no answer within " + TIMEOUT.toMillis() + " ms");
                assertThat(elapsedSince(started)).isGreaterThanOrEqualTo(TIMEOUT.minusMillis(50))
                        .isLessThan(TIMEOUT.plus(SLACK));

                proxy.resume();
                assertThat(eventually(() -> cache.get("k"))).contains("v");
            }
        }
    }

    @Test
    void theCacheSessionStoreLoadsAMissingSessionWhileTheServerIsDownAndWorksAgainAfterwards() throws Exception {
        MutableClock clock = new MutableClock(SessionContractSupport.START);
        try (SessionEngine engine = SessionEngines.create(sessionSettings(), clock)) {
            Session written = engine.open(null);
            written.put("a", 1);
            written.save();
            String key = written.getSessionKey();
            server.kill();

            long started = System.nanoTime();
            Session duringOutage = engine.open(key);
            assertThatCode(duringOutage::asMap).doesNotThrowAnyException();
            assertThat(duringOutage.asMap()).isEmpty();
            assertThat(elapsedSince(started)).isLessThan(TIMEOUT.plus(SLACK));
            Session newVisitor = engine.open(null);
            newVisitor.put("b", 2);
            assertThatThrownBy(newVisitor::save).as("a write Memcached did not take is reported, not dropped")
                    .isInstanceOf(SessionStoreException.class)
                    .hasCauseInstanceOf(CacheUnavailableException.class);

            server.restart();
            String created = eventually(() -> {
                // The engine's clock is the circuit breaker's too: its probe comes once a retry interval has passed.
                clock.advance(Duration.ofMillis(100));
                Session session = engine.open(null);
                session.put("b", 2);
                session.save();
                return session.getSessionKey();
            });
            assertThat(((Number) engine.open(created).asMap().get("b")).intValue()).isEqualTo(2);
            assertThat(engine.open(key).asMap()).as("the restarted server lost what it held").isEmpty();
        }
    }

    /**
     * A restarted Memcached hands out CAS uniques from 1 again. A unique remembered from a get before the restart
     * must not be sent after it: here the fresh server gives another client's entry the very unique the old
     * server gave ours, and a swap with the old one would overwrite that entry and report success.
     */
    @Test
    void aCasUniqueReadBeforeAServerRestartIsNotUsedAfterIt() throws Exception {
        try (CacheBackend cache = backend(server.location())) {
            cache.set("k", "A", Duration.ofMinutes(5));
            assertThat(cache.get("k")).contains("A");
            server.restart();
            rawCommand("set k 0 300 1\r\nB\r\n", "STORED");
            // contains reads without touching the remembered unique; it works again once the client reconnected.
            eventually(() -> cache.contains("other"));

            assertThat(cache.compareAndSet("k", "A", "C", Duration.ofMinutes(5))).isEqualTo(CasResult.CHANGED);
            assertThat(cache.get("k")).as("the other client's entry is kept").contains("B");
        }
    }

    /** Sends {@code command} to the test's own server on a connection of its own, and checks the answer. */
    private void rawCommand(String command, String expectedAnswer) throws IOException {
        try (Socket socket = new Socket(OwnMemcached.HOST, server.port())) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(command.getBytes(StandardCharsets.US_ASCII));
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            assertThat(reader.readLine()).isEqualTo(expectedAnswer);
        }
    }

    private SessionSettings sessionSettings() {
        return SessionSettings.builder().secretKey(SessionContractSupport.SECRET_KEY).engine("cache")
                .raw("CACHE_DEFAULT_URL", "memcached://" + server.location() + "?timeout=" + TIMEOUT.toMillis()
                        + "ms&connectTimeout=" + TIMEOUT.toMillis() + "ms").build();
    }

    private static CacheBackend backend(String location) {
        return new MemcachedCacheBackend(MemcachedCacheConfig.builder("test").locations(List.of(location))
                .timeout(TIMEOUT).connectTimeout(TIMEOUT).build());
    }

    private static Duration elapsedSince(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** Retries {@code action} until it succeeds, for up to {@link #RECOVERY}; then rethrows its last failure. */
    private static <T> T eventually(Callable<T> action) throws Exception {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (true) {
            try {
                return action.call();
            } catch (Exception | AssertionError notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(50);
            }
        }
    }
}
