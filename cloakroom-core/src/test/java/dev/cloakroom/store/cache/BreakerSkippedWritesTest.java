package dev.cloakroom.store.cache;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.CacheUnavailableException;
import dev.cloakroom.cache.CircuitBreakingCacheBackend;
import dev.cloakroom.cache.local.LocalCacheBackend;
import dev.cloakroom.settings.CircuitBreakerPolicy;
import dev.cloakroom.store.ReplaceOutcome;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two processes share one cache and one database; process A's cache calls go through a breaker that one slow
 * failure opens. What A saves or logs out while its breaker skips the cache must not be served stale by process
 * B once the cache answers again.
 */
class BreakerSkippedWritesTest {
    private static final String KEY = "abcdefgh12345678abcdefgh12345678";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T08:00:00Z"));
    /** The shared database. */
    private final CacheSessionStore database = new CacheSessionStore(new LocalCacheBackend(clock), "db:", clock);
    /** The shared cache. */
    private final LocalCacheBackend sharedCache = new LocalCacheBackend(clock);
    private final SlowOnceCache processAsCache = new SlowOnceCache(sharedCache);
    private final CircuitBreakingCacheBackend processAsBreaker = new CircuitBreakingCacheBackend(processAsCache,
            "cache 'default'", CircuitBreakerPolicy.DEFAULT, clock.ticker(), Runnable::run);
    private final CachingSessionStore processA = new CachingSessionStore(database, processAsBreaker,
            CachingSessionStore.KEY_PREFIX, clock);
    private final CachingSessionStore processB = new CachingSessionStore(database, sharedCache,
            CachingSessionStore.KEY_PREFIX, clock);

    private SessionRecord record(String data) {
        return new SessionRecord(data, clock.instant().plus(Duration.ofHours(2)));
    }

    /** One slow failure opens A's breaker; the entry both processes read is cached by then. */
    private void openProcessAsBreakerWithTheEntryCached(SessionRecord loggedIn) {
        assertThat(processA.create(KEY, loggedIn)).isTrue();
        assertThat(processB.load(KEY)).contains(loggedIn);
        processAsCache.failNextCallSlowly();
        assertThat(processA.load(KEY)).as("read from the database after the slow failure").contains(loggedIn);
        assertThat(processAsBreaker.isClosed()).isFalse();
    }

    /** Past the retry interval, the next call of A starts the probe (on the caller's thread here). */
    private void letProcessAsBreakerProbe() {
        clock.advance(CircuitBreakerPolicy.DEFAULT.retryAfter());
        processA.exists("someotherkey0123456789abcdefghij");
        assertThat(processAsBreaker.isClosed()).as("the probe found the cache answering").isTrue();
    }

    @Test
    void aLogoutWhileTheBreakerIsOpenIsHonouredByTheOtherProcessOnceTheCacheAnswers() {
        SessionRecord loggedIn = record("logged-in");
        openProcessAsBreakerWithTheEntryCached(loggedIn);

        processA.delete(KEY);
        assertThat(database.load(KEY)).isEmpty();

        letProcessAsBreakerProbe();
        clock.advance(Duration.ofHours(1));
        assertThat(processB.load(KEY)).as("the logged-out session, an hour later, in the other process").isEmpty();
        assertThat(processA.load(KEY)).isEmpty();
    }

    @Test
    void aSaveWhileTheBreakerIsOpenIsNotUndoneInTheOtherProcessOnceTheCacheAnswers() {
        SessionRecord before = record("before");
        openProcessAsBreakerWithTheEntryCached(before);

        SessionRecord after = record("after");
        assertThat(processA.replace(KEY, before, after)).isEqualTo(ReplaceOutcome.REPLACED);

        letProcessAsBreakerProbe();
        assertThat(processB.load(KEY)).contains(after);
        assertThat(processA.load(KEY)).contains(after);
    }

    @Test
    void theBreakerStaysOpenWhenDroppingTheSkippedEntriesFails() {
        openProcessAsBreakerWithTheEntryCached(record("logged-in"));
        processA.delete(KEY);

        processAsCache.failDeletes = true;
        clock.advance(CircuitBreakerPolicy.DEFAULT.retryAfter());
        processA.exists("someotherkey0123456789abcdefghij");
        assertThat(processAsBreaker.isClosed()).as("a suspect entry could not be dropped").isFalse();

        processAsCache.failDeletes = false;
        letProcessAsBreakerProbe();
        assertThat(processB.load(KEY)).isEmpty();
    }

    /** The shared cache as process A reaches it: one call can be made to fail after 600 ms, or deletes to fail. */
    private final class SlowOnceCache implements CacheBackend {
        private final CacheBackend cache;
        private boolean slowFailure;
        boolean failDeletes;

        SlowOnceCache(CacheBackend cache) {
            this.cache = cache;
        }

        void failNextCallSlowly() {
            slowFailure = true;
        }

        private void maybeFail() {
            if (slowFailure) {
                slowFailure = false;
                clock.advance(Duration.ofMillis(600));
                throw new CacheUnavailableException("read timed out after 600 ms", null);
            }
        }

        @Override
        public Optional<String> get(String key) {
            maybeFail();
            return cache.get(key);
        }

        @Override
        public void set(String key, String value, Duration ttl) {
            maybeFail();
            cache.set(key, value, ttl);
        }

        @Override
        public boolean add(String key, String value, Duration ttl) {
            maybeFail();
            return cache.add(key, value, ttl);
        }

        @Override
        public CasResult compareAndSet(String key, String expected, String value, Duration ttl) {
            maybeFail();
            return cache.compareAndSet(key, expected, value, ttl);
        }

        @Override
        public boolean delete(String key) {
            maybeFail();
            if (failDeletes) {
                throw new CacheUnavailableException("connection reset", null);
            }
            return cache.delete(key);
        }
    }
}
