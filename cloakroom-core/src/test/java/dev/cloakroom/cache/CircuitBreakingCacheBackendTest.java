package dev.cloakroom.cache;

import dev.cloakroom.cache.local.LocalCacheBackend;
import dev.cloakroom.settings.CircuitBreakerPolicy;
import dev.cloakroom.testsupport.MutableClock;
import dev.cloakroom.testsupport.SecurityLogCapture;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The breaker's state machine, on a cache whose health and slowness the test scripts and a clock the test moves:
 * each failed call that "hangs" moves the clock by the timeout it would have cost.
 */
class CircuitBreakingCacheBackendTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final String LOGGER = CircuitBreakingCacheBackend.class.getName();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T08:00:00Z"));
    private final ScriptedCache cache = new ScriptedCache();
    /** Probes run on the caller's thread, so every step is deterministic. */
    private final CircuitBreakingCacheBackend breaker = new CircuitBreakingCacheBackend(cache, "cache 'default'",
            CircuitBreakerPolicy.DEFAULT, clock.ticker(), Runnable::run);

    @Test
    void aHealthyCachePassesEveryCallThrough() {
        breaker.set("k", "v", Duration.ofMinutes(1));
        assertThat(breaker.get("k")).contains("v");
        assertThat(breaker.add("k", "w", Duration.ofMinutes(1))).isFalse();
        assertThat(breaker.compareAndSet("k", "v", "w", Duration.ofMinutes(1))).isEqualTo(CacheBackend.CasResult.SWAPPED);
        assertThat(breaker.contains("k")).isTrue();
        assertThat(breaker.delete("k")).isTrue();
        assertThat(cache.calls).isEqualTo(6);
        assertThat(breaker.isClosed()).isTrue();
    }

    @Test
    void oneCallThatHungUntilItsTimeoutOpensTheBreakerAndLaterCallsCostNothing() {
        cache.hang();
        assertThatThrownBy(() -> breaker.get("k")).isInstanceOf(CacheUnavailableException.class)
                .isNotInstanceOf(CacheSkippedException.class);
        assertThat(breaker.isClosed()).isFalse();

        Instant before = clock.instant();
        for (int i = 0; i < 100; i++) {
            assertThatThrownBy(() -> breaker.set("k", "v", Duration.ofMinutes(1)))
                    .isInstanceOf(CacheSkippedException.class).hasMessageContaining("cache 'default'");
        }
        assertThat(cache.calls).as("only the first call reached the hung cache").isEqualTo(1);
        assertThat(clock.instant()).as("skipped calls took no time").isEqualTo(before);
    }

    @Test
    void fastFailuresOpenTheBreakerAfterTheConfiguredCountInARow() {
        cache.refuse();
        for (int i = 0; i < CircuitBreakerPolicy.DEFAULT.failures(); i++) {
            assertThat(breaker.isClosed()).isTrue();
            assertThatThrownBy(() -> breaker.get("k")).isNotInstanceOf(CacheSkippedException.class);
        }
        assertThat(breaker.isClosed()).isFalse();
        assertThatThrownBy(() -> breaker.get("k")).isInstanceOf(CacheSkippedException.class);
        assertThat(cache.calls).isEqualTo(CircuitBreakerPolicy.DEFAULT.failures());
    }

    @Test
    void aSuccessBetweenFastFailuresResetsTheCount() {
        for (int round = 0; round < 5; round++) {
            cache.refuse();
            assertThatThrownBy(() -> breaker.get("k")).isNotInstanceOf(CacheSkippedException.class);
            assertThatThrownBy(() -> breaker.get("k")).isNotInstanceOf(CacheSkippedException.class);
            cache.heal();
            assertThat(breaker.get("k")).isEmpty();
        }
        assertThat(breaker.isClosed()).isTrue();
    }

    @Test
    void afterTheRetryIntervalOneProbeClosesTheBreakerWhenTheCacheAnswers() {
        cache.hang();
        assertThatThrownBy(() -> breaker.get("k")).isInstanceOf(CacheUnavailableException.class);
        clock.advance(Duration.ofMillis(999));
        assertThatThrownBy(() -> breaker.get("k")).isInstanceOf(CacheSkippedException.class);
        assertThat(cache.calls).as("no probe before the retry interval").isEqualTo(1);

        cache.heal();
        clock.advance(Duration.ofMillis(1));
        assertThatThrownBy(() -> breaker.get("k")).as("the call that starts the probe does not wait for it")
                .isInstanceOf(CacheSkippedException.class);
        assertThat(cache.probes).isEqualTo(1);
        assertThat(breaker.isClosed()).isTrue();
        breaker.set("k", "v", Duration.ofMinutes(1));
        assertThat(breaker.get("k")).contains("v");
    }

    @Test
    void aFailedProbeKeepsTheBreakerOpenForAnotherInterval() {
        cache.refuse();
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> breaker.get("k")).isInstanceOf(CacheUnavailableException.class);
        }
        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> breaker.get("k")).isInstanceOf(CacheSkippedException.class);
        assertThat(cache.probes).isEqualTo(1);
        assertThat(breaker.isClosed()).isFalse();

        clock.advance(Duration.ofMillis(500));
        assertThatThrownBy(() -> breaker.get("k")).isInstanceOf(CacheSkippedException.class);
        assertThat(cache.probes).as("the next probe waits a whole interval").isEqualTo(1);
        clock.advance(Duration.ofMillis(500));
        cache.heal();
        assertThatThrownBy(() -> breaker.get("k")).isInstanceOf(CacheSkippedException.class);
        assertThat(cache.probes).isEqualTo(2);
        assertThat(breaker.isClosed()).isTrue();
    }

    @Test
    void onlyOneProbeRunsAtATime() {
        List<Runnable> pending = new ArrayList<>();
        CircuitBreakingCacheBackend queued = new CircuitBreakingCacheBackend(cache, "cache 'default'",
                CircuitBreakerPolicy.DEFAULT, clock.ticker(), pending::add);
        cache.hang();
        assertThatThrownBy(() -> queued.get("k")).isInstanceOf(CacheUnavailableException.class);
        clock.advance(Duration.ofSeconds(5));
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> queued.get("k")).isInstanceOf(CacheSkippedException.class);
        }
        assertThat(pending).hasSize(1);
        cache.heal();
        pending.get(0).run();
        assertThat(queued.isClosed()).isTrue();
    }

    @Test
    void anOutageIsLoggedOnceWhenItOpensAndOnceWhenItClosesWithTheCountSkipped() {
        try (SecurityLogCapture log = SecurityLogCapture.start()) {
            cache.hang();
            assertThatThrownBy(() -> breaker.get("k")).isInstanceOf(CacheUnavailableException.class);
            for (int second = 0; second < 10; second++) {
                for (int i = 0; i < 50; i++) {
                    assertThatThrownBy(() -> breaker.get("k")).isInstanceOf(CacheSkippedException.class);
                }
                clock.advance(Duration.ofSeconds(1));
            }
            cache.heal();
            assertThatThrownBy(() -> breaker.get("k")).isInstanceOf(CacheSkippedException.class);
            assertThat(breaker.get("k")).isEmpty();

            List<SecurityLogCapture.Entry> lines = log.entries(LOGGER);
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0).level()).isEqualTo("WARN");
            assertThat(lines.get(0).message()).contains("cache 'default'", "failed after 2000 ms", "cache hangs");
            assertThat(lines.get(1).level()).isEqualTo("INFO");
            // 500 calls skipped while open, plus the one that started the successful probe; the failed probes
            // started at each second, all on the caller's thread, were skipped calls too.
            assertThat(lines.get(1).message()).contains("answers again", "501 calls");
        }
    }

    @Test
    void aWallClockSteppedBackDoesNotKeepTheCacheSkipped() {
        AtomicLong ticker = new AtomicLong(42);
        CircuitBreakingCacheBackend monotonic = new CircuitBreakingCacheBackend(cache, "cache 'default'",
                CircuitBreakerPolicy.DEFAULT, ticker::get, Runnable::run);
        cache.refuse();
        for (int i = 0; i < CircuitBreakerPolicy.DEFAULT.failures(); i++) {
            assertThatThrownBy(() -> monotonic.get("k")).isNotInstanceOf(CacheSkippedException.class);
        }
        assertThat(monotonic.isClosed()).isFalse();
        clock.set(clock.instant().minus(Duration.ofHours(1)));
        cache.heal();
        ticker.addAndGet(CircuitBreakerPolicy.DEFAULT.retryAfter().toNanos());
        assertThatThrownBy(() -> monotonic.get("k")).isInstanceOf(CacheSkippedException.class);
        assertThat(monotonic.isClosed()).as("the probe ran after retryAfter of monotonic time").isTrue();
    }

    @Test
    void aProbeThatNeverReturnsIsReplacedOnceItsDeadlinePasses() {
        List<Runnable> pending = new ArrayList<>();
        CircuitBreakingCacheBackend queued = new CircuitBreakingCacheBackend(cache, "cache 'default'",
                CircuitBreakerPolicy.DEFAULT, clock.ticker(), pending::add);
        cache.hang();
        assertThatThrownBy(() -> queued.get("k")).isInstanceOf(CacheUnavailableException.class);
        clock.advance(CircuitBreakerPolicy.DEFAULT.retryAfter());
        assertThatThrownBy(() -> queued.get("k")).isInstanceOf(CacheSkippedException.class);
        assertThat(pending).as("the first probe, which never runs (it hangs for good)").hasSize(1);

        clock.advance(CircuitBreakerPolicy.DEFAULT.retryAfter().minusMillis(1));
        assertThatThrownBy(() -> queued.get("k")).isInstanceOf(CacheSkippedException.class);
        assertThat(pending).as("still within its deadline").hasSize(1);
        clock.advance(Duration.ofMillis(1));
        assertThatThrownBy(() -> queued.get("k")).isInstanceOf(CacheSkippedException.class);
        assertThat(pending).as("a second probe replaces the overdue one").hasSize(2);

        cache.heal();
        pending.get(1).run();
        assertThat(queued.isClosed()).isTrue();
        cache.refuse();
        pending.get(0).run();
        assertThat(queued.isClosed()).as("the overdue probe's late failure changes nothing").isTrue();
    }

    @Test
    void aCallAdmittedBeforeTheBreakerOpenedThatFailsAfterItClosedDoesNotReopenIt() {
        cache.meanwhile = () -> {
            cache.hang();
            assertThatThrownBy(() -> breaker.get("k")).isNotInstanceOf(CacheSkippedException.class);
            assertThat(breaker.isClosed()).isFalse();
            cache.heal();
            clock.advance(CircuitBreakerPolicy.DEFAULT.retryAfter());
            assertThatThrownBy(() -> breaker.get("k")).isInstanceOf(CacheSkippedException.class);
            assertThat(breaker.isClosed()).as("closed by the probe").isTrue();
        };
        assertThatThrownBy(() -> breaker.get(ScriptedCache.SLOW_ACROSS_AN_OUTAGE))
                .isInstanceOf(CacheUnavailableException.class).isNotInstanceOf(CacheSkippedException.class);
        assertThat(breaker.isClosed()).as("the stale slow failure is not a new one").isTrue();
        assertThat(breaker.get("k")).isEmpty();
    }

    @Test
    void failuresThatAreNotTheCachesPassThroughUncounted() {
        CircuitBreakingCacheBackend strict = new CircuitBreakingCacheBackend(new LocalCacheBackend(clock),
                "cache 'local'", CircuitBreakerPolicy.DEFAULT.withFailures(1), clock.ticker(), Runnable::run);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> strict.get(null)).isInstanceOf(NullPointerException.class);
        }
        assertThat(strict.isClosed()).isTrue();
    }

    @Test
    void slowReplicationShortfallsPassThroughWithoutOpeningTheBreaker() {
        cache.lagReplicas();
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> breaker.set("k", "v", Duration.ofMinutes(1)))
                    .isInstanceOf(ReplicationShortfallException.class);
        }
        assertThat(breaker.isClosed()).as("the cache answered each time; only its replicas lagged").isTrue();
        cache.heal();
        assertThat(breaker.get("other")).as("reads still reach the cache").isEmpty();
        assertThat(cache.calls).isEqualTo(6);
    }

    /** A local cache whose calls can be made to fail fast (refused) or slowly (hung until the timeout). */
    private final class ScriptedCache implements CacheBackend {
        private final LocalCacheBackend data = new LocalCacheBackend(clock);
        /** A call on this key runs {@link #meanwhile} and then fails slowly. */
        static final String SLOW_ACROSS_AN_OUTAGE = "slow-across-an-outage";
        private String mode = "ok";
        Runnable meanwhile;
        int calls;
        int probes;

        void hang() {
            mode = "hang";
        }

        void refuse() {
            mode = "refuse";
        }

        void heal() {
            mode = "ok";
        }

        /** Writes land but replicas confirm none within half the timeout, as Redis's WAIT answers then. */
        void lagReplicas() {
            mode = "lag";
        }

        private void check(String key) {
            if (SLOW_ACROSS_AN_OUTAGE.equals(key)) {
                meanwhile.run();
                clock.advance(TIMEOUT);
                throw new CacheUnavailableException("the cache hung: command timed out after 2 s", null);
            }
            if (CircuitBreakingCacheBackend.PROBE_KEY.equals(key)) {
                probes++;
            } else {
                calls++;
            }
            if (mode.equals("hang")) {
                clock.advance(TIMEOUT);
                throw new CacheUnavailableException("the cache hangs: command timed out after 2 s", null);
            }
            if (mode.equals("lag")) {
                clock.advance(TIMEOUT.dividedBy(2));
                throw new ReplicationShortfallException("confirmed by 0 of the 1 replicas within 1000 ms");
            }
            if (mode.equals("refuse")) {
                throw new CacheUnavailableException("connection refused", null);
            }
        }

        @Override
        public Optional<String> get(String key) {
            check(key);
            return data.get(key);
        }

        @Override
        public void set(String key, String value, Duration ttl) {
            check(key);
            data.set(key, value, ttl);
        }

        @Override
        public boolean add(String key, String value, Duration ttl) {
            check(key);
            return data.add(key, value, ttl);
        }

        @Override
        public CasResult compareAndSet(String key, String expected, String value, Duration ttl) {
            check(key);
            return data.compareAndSet(key, expected, value, ttl);
        }

        @Override
        public boolean delete(String key) {
            check(key);
            return data.delete(key);
        }

        @Override
        public boolean contains(String key) {
            check(key);
            return data.contains(key);
        }
    }
}
