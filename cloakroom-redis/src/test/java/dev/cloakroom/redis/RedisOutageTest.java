package dev.cloakroom.redis;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.CacheUnavailableException;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.redis.support.RequiresRedis;
import dev.cloakroom.testkit.TcpProxy;
import dev.cloakroom.redis.support.TestRedis;
import dev.cloakroom.session.Session;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.store.SessionStoreException;
import dev.cloakroom.testkit.MutableClock;
import dev.cloakroom.testkit.SessionContractSupport;
import io.lettuce.core.RedisCommandTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A Redis that is down, gone away or hung: operations fail fast as {@link CacheUnavailableException} within the
 * URL's timeout, the cache session store turns an unreadable session into a missing one, and everything works
 * again once Redis is back. Redis sits behind a {@link TcpProxy} the tests stop, stall and restart.
 *
 * <p>These are the tests that must wait in real time: Lettuce reconnects on its own schedule, so recovery is
 * polled for, up to {@link #RECOVERY}. The engines' clock is moved while polling, since the circuit breaker in
 * front of the cache probes it by that clock.
 */
@RequiresRedis
class RedisOutageTest {
    /** The command and connect timeout the tests configure. */
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    /**
     * What "fails fast" allows beyond the timeout: scheduling and reconnect bookkeeping on a loaded CI machine,
     * still far below Lettuce's 60 s default that a missing timeout would fall back to.
     */
    private static final Duration SLACK = Duration.ofMillis(3000);
    /** How long Lettuce may take to reconnect after the proxy is back. */
    private static final Duration RECOVERY = Duration.ofSeconds(20);

    private final String prefix = TestRedis.uniquePrefix();
    private TcpProxy proxy;
    private CacheBackend cache;

    @BeforeEach
    void startProxy() throws IOException {
        proxy = new TcpProxy(TestRedis.PORT);
        proxy.start();
        cache = new RedisCacheBackend(RedisCacheUrl.parse(urlThroughProxy()));
    }

    @AfterEach
    void stopProxyAndDeleteKeys() throws IOException {
        cache.close();
        proxy.close();
        TestRedis.deleteKeys(prefix);
    }

    @Test
    void aClosedPortFailsFastAsCacheUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (CacheBackend nowhere = new RedisCacheBackend(RedisCacheUrl.parse(TestRedis.url(closedPort, prefix)))) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> nowhere.get("k"))
                    .isInstanceOf(CacheUnavailableException.class)
                    .hasMessageContaining("127.0.0.1:" + closedPort);
            assertThat(elapsedSince(started)).isLessThan(RedisCacheUrl.DEFAULT_TIMEOUT.plus(SLACK));
            assertThatThrownBy(() -> nowhere.set("k", "v", Duration.ofMinutes(1)))
                    .isInstanceOf(CacheUnavailableException.class);
        }
    }

    @Test
    void whenRedisGoesAwayOperationsFailFastAndWorkAgainWhenItReturns() throws Exception {
        cache.set("k", "v", Duration.ofMinutes(5));
        proxy.stop();

        long started = System.nanoTime();
        assertThatThrownBy(() -> cache.get("k")).isInstanceOf(CacheUnavailableException.class);
        assertThatThrownBy(() -> cache.set("k", "w", Duration.ofMinutes(5))).isInstanceOf(CacheUnavailableException.class);
        assertThatThrownBy(() -> cache.compareAndSet("k", "v", "w", Duration.ofMinutes(5)))
                .isInstanceOf(CacheUnavailableException.class);
        assertThat(elapsedSince(started)).as("three operations on a Redis that went away")
                .isLessThan(TIMEOUT.plus(SLACK));

        proxy.start();
        assertThat(eventually(() -> cache.get("k"))).contains("v");
        cache.set("k", "after", Duration.ofMinutes(5));
        assertThat(cache.get("k")).contains("after");
    }

    @Test
    void aHungRedisTimesOutWithinTheTimeoutAndWorksWhenItAnswersAgain() {
        cache.set("k", "v", Duration.ofMinutes(5));
        proxy.stall();

        long started = System.nanoTime();
        assertThatThrownBy(() -> cache.get("k"))
                .isInstanceOf(CacheUnavailableException.class)
                .hasCauseInstanceOf(RedisCommandTimeoutException.class);
        Duration waited = elapsedSince(started);
        assertThat(waited).isGreaterThanOrEqualTo(TIMEOUT.minusMillis(50)).isLessThan(TIMEOUT.plus(SLACK));

        proxy.resume();
        assertThat(cache.get("k")).contains("v");
    }

    @Test
    void theCacheSessionStoreLoadsAMissingSessionWhileRedisIsDownAndTheSessionAgainAfterwards() throws Exception {
        MutableClock clock = new MutableClock(SessionContractSupport.START);
        try (SessionEngine engine = SessionEngines.create(sessionSettings(), clock)) {
            Session written = engine.open(null);
            written.put("a", 1);
            written.save();
            String key = written.getSessionKey();
            proxy.stop();

            long started = System.nanoTime();
            Session duringOutage = engine.open(key);
            assertThatCode(duringOutage::asMap).doesNotThrowAnyException();
            assertThat(duringOutage.asMap()).isEmpty();
            assertThat(elapsedSince(started)).isLessThan(TIMEOUT.plus(SLACK));
            Session newVisitor = engine.open(null);
            newVisitor.put("b", 2);
            assertThatThrownBy(newVisitor::save).as("a write Redis did not take is reported, not dropped")
                    .isInstanceOf(SessionStoreException.class)
                    .hasRootCauseInstanceOf(io.lettuce.core.RedisException.class);

            proxy.start();
            Map<String, Object> reloaded = eventually(() -> {
                // The engine's clock is the circuit breaker's too: its probe comes once a retry interval has passed.
                clock.advance(Duration.ofMillis(100));
                Map<String, Object> data = engine.open(key).asMap();
                if (data.isEmpty()) {
                    throw new AssertionError("session not readable yet");
                }
                return data;
            });
            assertThat(((Number) reloaded.get("a")).intValue()).isEqualTo(1);
        }
    }

    @Test
    void anEngineStartedWhileRedisIsDownConnectsOnceItIsUp() throws Exception {
        proxy.stop();
        MutableClock clock = new MutableClock(SessionContractSupport.START);
        try (SessionEngine engine = SessionEngines.create(sessionSettings(), clock)) {
            assertThat(engine.open("abcdefghijklmnopqrstuvwxyz012345").asMap()).isEmpty();

            proxy.start();
            String key = eventually(() -> {
                clock.advance(Duration.ofMillis(100));
                Session session = engine.open(null);
                session.put("a", 1);
                session.save();
                return session.getSessionKey();
            });
            assertThat(((Number) engine.open(key).asMap().get("a")).intValue()).isEqualTo(1);
        }
    }

    private SessionSettings sessionSettings() {
        return SessionSettings.builder().secretKey(SessionContractSupport.SECRET_KEY).engine("cache")
                .raw("CACHE_DEFAULT_URL", urlThroughProxy()).build();
    }

    private String urlThroughProxy() {
        return TestRedis.url(proxy.port(), prefix) + "&timeout=" + TIMEOUT.toMillis() + "ms";
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
