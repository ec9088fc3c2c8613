package dev.cloakroom.store.cache;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.CacheUnavailableException;
import dev.cloakroom.settings.CircuitBreakerPolicy;
import dev.cloakroom.cache.CircuitBreakingCacheBackend;
import dev.cloakroom.cache.local.LocalCacheBackend;
import dev.cloakroom.session.Session;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.spi.EngineParts;
import dev.cloakroom.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * cached_db in front of a cache that hangs: each call costs the 2 s timeout (the test's clock moves by it). With
 * the breaker, the first request pays one timeout and the next ones nothing, and once the cache answers again
 * the sessions saved meanwhile are read from the database, not from their stale entries.
 */
class HungCacheTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T08:00:00Z"));
    private final CacheSessionStore database = new CacheSessionStore(new LocalCacheBackend(clock), "db:", clock);
    private final HangingCache cache = new HangingCache();

    private SessionEngine engine(CacheBackend inFront) {
        return SessionEngines.builder(SessionSettings.builder().secretKey("hung-cache-test").build()).clock(clock)
                .engine("cached_db", EngineParts.store(
                        new CachingSessionStore(database, inFront, CachingSessionStore.KEY_PREFIX, clock)))
                .build();
    }

    /** One request: load, change, save; returns the time it took on the test's clock. */
    private Duration request(SessionEngine engine, String key, int value) {
        Instant start = clock.instant();
        Session session = engine.open(key);
        session.put("n", value);
        session.save();
        return Duration.between(start, clock.instant());
    }

    @Test
    void withoutABreakerEveryRequestPaysSeveralTimeouts() {
        try (SessionEngine engine = engine(cache)) {
            String key = seed(engine);
            cache.hung = true;
            assertThat(request(engine, key, 1)).as("the defect this breaker fixes").isGreaterThanOrEqualTo(TIMEOUT.multipliedBy(2));
        }
    }

    @Test
    void withTheBreakerTheFirstRequestPaysOneTimeoutAndTheNextOnesNothing() {
        CircuitBreakingCacheBackend breaker = new CircuitBreakingCacheBackend(cache, "cache 'default'",
                CircuitBreakerPolicy.DEFAULT, clock.ticker(), Runnable::run);
        try (SessionEngine engine = engine(breaker)) {
            String key = seed(engine);
            cache.hung = true;
            int callsBefore = cache.calls;
            assertThat(request(engine, key, 1)).isEqualTo(TIMEOUT);
            assertThat(cache.calls - callsBefore).as("cache calls made by the first request").isEqualTo(1);
            for (int i = 2; i <= 20; i++) {
                assertThat(request(engine, key, i)).isZero();
            }
            assertThat(cache.calls - callsBefore).as("no later request reached the cache").isEqualTo(1);
            assertThat(((Number) engine.open(key).get("n")).intValue()).isEqualTo(20);

            cache.hung = false;
            clock.advance(Duration.ofSeconds(1));
            request(engine, key, 21); // starts the probe, which closes the breaker
            assertThat(breaker.isClosed()).isTrue();
            assertThat(((Number) engine.open(key).get("n")).intValue())
                    .as("the entry cached before the outage is not served after it").isEqualTo(21);
        }
    }

    private String seed(SessionEngine engine) {
        Session session = engine.open(null);
        session.put("n", 0);
        session.save();
        assertThat(engine.open(session.getSessionKey()).get("n")).isNotNull();
        return session.getSessionKey();
    }

    /** A local cache that, when hung, fails every call after the timeout has passed on the test's clock. */
    private final class HangingCache implements CacheBackend {
        private final LocalCacheBackend data = new LocalCacheBackend(clock);
        boolean hung;
        int calls;

        private void check() {
            calls++;
            if (hung) {
                clock.advance(TIMEOUT);
                throw new CacheUnavailableException("Command timed out after 2 second(s)", null);
            }
        }

        @Override
        public Optional<String> get(String key) {
            check();
            return data.get(key);
        }

        @Override
        public void set(String key, String value, Duration ttl) {
            check();
            data.set(key, value, ttl);
        }

        @Override
        public boolean add(String key, String value, Duration ttl) {
            check();
            return data.add(key, value, ttl);
        }

        @Override
        public CasResult compareAndSet(String key, String expected, String value, Duration ttl) {
            check();
            return data.compareAndSet(key, expected, value, ttl);
        }

        @Override
        public boolean delete(String key) {
            check();
            return data.delete(key);
        }
    }
}
