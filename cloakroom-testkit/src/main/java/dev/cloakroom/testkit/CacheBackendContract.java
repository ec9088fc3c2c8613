package dev.cloakroom.testkit;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.CacheBackend.CasResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract of {@link CacheBackend}, as its Javadoc states it, for every implementation (local,
 * Redis, Memcached): get/set/add/compareAndSet/delete/contains, time to live, and atomicity of add and
 * compareAndSet under racing threads.
 *
 * <p>Time: a backend that reads the injected clock (the local cache) is driven by a {@link MutableClock}
 * and no test waits. A backend whose server keeps its own time (Redis, Memcached) says so with
 * {@link #followsInjectedClock()} = false; then, and only then, the TTL tests use TTLs of one or two
 * seconds and wait for real time to pass, because a server's clock cannot be moved.
 *
 * <p>Keys: every key carries a prefix unique to the test, so runs against a shared server neither see nor
 * disturb each other's entries, and every key is one Memcached can hold (no spaces or control characters).
 */
public abstract class CacheBackendContract {
    /** Threads racing in the atomicity tests. */
    protected static final int RACERS = 16;

    protected MutableClock clock;
    protected CacheBackend cache;
    private String prefix;

    /** Connects to the backend under test, reading time from {@code clock} where it can. */
    protected abstract CacheBackend createBackend(Clock clock);

    /**
     * Whether the backend expires entries by the injected clock. False for backends whose server keeps
     * time itself; their TTL tests then wait in real time.
     */
    protected abstract boolean followsInjectedClock();

    @BeforeEach
    void connect() {
        clock = new MutableClock(Instant.parse("2023-11-14T22:13:20Z"));
        cache = createBackend(clock);
        prefix = "cloakroom-testkit:" + UUID.randomUUID() + ":";
    }

    @AfterEach
    void close() {
        if (cache != null) {
            cache.close();
        }
    }

    /** {@code name} under this test's unique prefix. */
    protected String key(String name) {
        return prefix + name;
    }

    // ---- get / set ------------------------------------------------------------------------------------

    @Test
    public void getOfAMissingKeyIsEmpty() {
        assertThat(cache.get(key("missing"))).isEmpty();
        assertThat(cache.contains(key("missing"))).isFalse();
    }

    @Test
    public void setThenGetReturnsTheValue() {
        cache.set(key("k"), "value", ttl());
        assertThat(cache.get(key("k"))).contains("value");
        assertThat(cache.contains(key("k"))).isTrue();
    }

    @Test
    public void setReplacesWhateverIsThere() {
        cache.set(key("k"), "first", ttl());
        cache.set(key("k"), "second", ttl());
        assertThat(cache.get(key("k"))).contains("second");
    }

    @Test
    public void keysAreIndependent() {
        cache.set(key("a"), "1", ttl());
        cache.set(key("b"), "2", ttl());
        cache.delete(key("a"));
        assertThat(cache.get(key("a"))).isEmpty();
        assertThat(cache.get(key("b"))).contains("2");
    }

    @Test
    public void valuesRoundTripUnchanged() {
        String encodedSession = ".eJyrVkrLz1eyUkpKLFKqBQAddgRF:1r31eq:" + "x".repeat(43);
        String unicode = "caf\u00e9 \u65e5\u672c \ud83d\ude00 \n\t\" \\ ";
        String large = "0123456789abcdef".repeat(4096);
        cache.set(key("encoded"), encodedSession, ttl());
        cache.set(key("unicode"), unicode, ttl());
        cache.set(key("large"), large, ttl());
        cache.set(key("empty"), "", ttl());
        assertThat(cache.get(key("encoded"))).contains(encodedSession);
        assertThat(cache.get(key("unicode"))).contains(unicode);
        assertThat(cache.get(key("large"))).contains(large);
        assertThat(cache.get(key("empty"))).contains("");
    }

    // ---- add ------------------------------------------------------------------------------------------

    @Test
    public void addStoresOnlyWhenNoEntryExists() {
        assertThat(cache.add(key("k"), "first", ttl())).isTrue();
        assertThat(cache.add(key("k"), "second", ttl())).isFalse();
        assertThat(cache.get(key("k"))).contains("first");
    }

    @Test
    public void addSucceedsAfterDelete() {
        cache.set(key("k"), "old", ttl());
        cache.delete(key("k"));
        assertThat(cache.add(key("k"), "new", ttl())).isTrue();
        assertThat(cache.get(key("k"))).contains("new");
    }

    // ---- getOrAdd -------------------------------------------------------------------------------------

    @Test
    public void getOrAddStoresAndAnswersTheValueWhenNoEntryExists() {
        assertThat(cache.getOrAdd(key("k"), "lease", ttl())).contains("lease");
        assertThat(cache.get(key("k"))).contains("lease");
    }

    @Test
    public void getOrAddAnswersALiveEntryAndLeavesIt() {
        cache.set(key("k"), "there", ttl());
        assertThat(cache.getOrAdd(key("k"), "lease", ttl())).contains("there");
        assertThat(cache.get(key("k"))).contains("there");
    }

    @Test
    public void getOrAddStoresAfterDelete() {
        cache.set(key("k"), "old", ttl());
        cache.delete(key("k"));
        assertThat(cache.getOrAdd(key("k"), "new", ttl())).contains("new");
        assertThat(cache.get(key("k"))).contains("new");
    }

    @Test
    public void ofManyConcurrentGetOrAddsExactlyOneStoresItsValue() throws Exception {
        int callers = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(callers);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try {
            java.util.List<java.util.concurrent.Future<java.util.Optional<String>>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < callers; i++) {
                String mine = "lease-" + i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return cache.getOrAdd(key("contended"), mine, ttl());
                }));
            }
            start.countDown();
            java.util.Set<String> seen = new java.util.HashSet<>();
            int won = 0;
            for (int i = 0; i < callers; i++) {
                java.util.Optional<String> answer = answers.get(i).get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(answer).isPresent();
                seen.add(answer.get());
                if (answer.get().equals("lease-" + i)) {
                    won++;
                }
            }
            assertThat(won).as("callers that stored their own value").isEqualTo(1);
            assertThat(seen).as("every caller sees the one stored value").hasSize(1);
            assertThat(cache.get(key("contended"))).contains(seen.iterator().next());
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- compareAndSet --------------------------------------------------------------------------------

    @Test
    public void compareAndSetSwapsWhenTheValueIsTheExpectedOne() {
        cache.set(key("k"), "old", ttl());
        assertThat(cache.compareAndSet(key("k"), "old", "new", ttl())).isEqualTo(CasResult.SWAPPED);
        assertThat(cache.get(key("k"))).contains("new");
    }

    @Test
    public void compareAndSetReportsChangedAndWritesNothingWhenTheValueDiffers() {
        cache.set(key("k"), "theirs", ttl());
        assertThat(cache.compareAndSet(key("k"), "old", "mine", ttl())).isEqualTo(CasResult.CHANGED);
        assertThat(cache.get(key("k"))).contains("theirs");
    }

    @Test
    public void compareAndSetReportsAbsentAndWritesNothingWhenThereIsNoEntry() {
        assertThat(cache.compareAndSet(key("k"), "old", "new", ttl())).isEqualTo(CasResult.ABSENT);
        assertThat(cache.get(key("k"))).isEmpty();
    }

    @Test
    public void compareAndSetAfterDeleteReportsAbsent() {
        cache.set(key("k"), "old", ttl());
        cache.delete(key("k"));
        assertThat(cache.compareAndSet(key("k"), "old", "new", ttl())).isEqualTo(CasResult.ABSENT);
        assertThat(cache.get(key("k"))).isEmpty();
    }

    // ---- delete / contains ----------------------------------------------------------------------------

    @Test
    public void deleteReportsWhetherAnEntryWasThere() {
        cache.set(key("k"), "v", ttl());
        assertThat(cache.delete(key("k"))).isTrue();
        assertThat(cache.get(key("k"))).isEmpty();
        assertThat(cache.contains(key("k"))).isFalse();
        assertThat(cache.delete(key("k"))).isFalse();
    }

    // ---- time to live ---------------------------------------------------------------------------------

    @Test
    public void anEntryLivesForItsTtlAndNoLonger() throws InterruptedException {
        Duration ttl = shortTtl();
        cache.set(key("k"), "v", ttl);
        assertThat(cache.get(key("k"))).as("right after set").contains("v");
        pass(ttl.plusSeconds(1));
        assertThat(cache.get(key("k"))).as("after the TTL").isEmpty();
        assertThat(cache.contains(key("k"))).isFalse();
    }

    @Test
    public void anEntryIsLiveUntilJustBeforeItsTtlEnds() {
        org.junit.jupiter.api.Assumptions.assumeTrue(followsInjectedClock(),
                "the exact end of a TTL is only observable with a clock the test controls");
        cache.set(key("k"), "v", Duration.ofSeconds(100));
        clock.advanceSeconds(99);
        assertThat(cache.get(key("k"))).contains("v");
        clock.advanceSeconds(2);
        assertThat(cache.get(key("k"))).isEmpty();
    }

    @Test
    public void setRestartsTheTtl() {
        org.junit.jupiter.api.Assumptions.assumeTrue(followsInjectedClock(),
                "restarting a TTL is only observable without waiting with a clock the test controls");
        cache.set(key("k"), "v1", Duration.ofSeconds(100));
        clock.advanceSeconds(80);
        cache.set(key("k"), "v2", Duration.ofSeconds(100));
        clock.advanceSeconds(80);
        assertThat(cache.get(key("k"))).contains("v2");
    }

    @Test
    public void compareAndSetAppliesTheNewTtl() {
        org.junit.jupiter.api.Assumptions.assumeTrue(followsInjectedClock(),
                "a TTL set by compareAndSet is only observable without waiting with a clock the test controls");
        cache.set(key("k"), "v1", Duration.ofSeconds(100));
        clock.advanceSeconds(80);
        assertThat(cache.compareAndSet(key("k"), "v1", "v2", Duration.ofSeconds(100))).isEqualTo(CasResult.SWAPPED);
        clock.advanceSeconds(80);
        assertThat(cache.get(key("k"))).contains("v2");
        clock.advanceSeconds(21);
        assertThat(cache.get(key("k"))).isEmpty();
    }

    @Test
    public void anExpiredEntryCountsAsMissingForAddAndCompareAndSet() throws InterruptedException {
        Duration ttl = shortTtl();
        cache.set(key("k"), "old", ttl);
        cache.set(key("cas"), "old", ttl);
        pass(ttl.plusSeconds(1));
        assertThat(cache.compareAndSet(key("cas"), "old", "new", ttl())).isEqualTo(CasResult.ABSENT);
        assertThat(cache.get(key("cas"))).isEmpty();
        assertThat(cache.add(key("k"), "new", ttl())).isTrue();
        assertThat(cache.get(key("k"))).contains("new");
    }

    @Test
    public void aTtlOfZeroOrLessRemovesTheEntry() {
        cache.set(key("zero"), "v", ttl());
        cache.set(key("zero"), "v2", Duration.ZERO);
        assertThat(cache.get(key("zero"))).isEmpty();

        cache.set(key("negative"), "v", ttl());
        cache.set(key("negative"), "v2", Duration.ofSeconds(-10));
        assertThat(cache.get(key("negative"))).isEmpty();

        cache.add(key("added-dead"), "v", Duration.ZERO);
        assertThat(cache.get(key("added-dead"))).isEmpty();

        cache.set(key("swapped-dead"), "v", ttl());
        cache.compareAndSet(key("swapped-dead"), "v", "v2", Duration.ofSeconds(-1));
        assertThat(cache.get(key("swapped-dead"))).isEmpty();
    }

    // ---- atomicity ------------------------------------------------------------------------------------

    /** Of many threads adding the same key at once, exactly one wins, and its value is the one stored. */
    @Test
    public void exactlyOneOfRacingAddsWins() throws Exception {
        for (int round = 0; round < 20; round++) {
            String raced = key("raced-" + round);
            List<Boolean> results = race(RACERS, racer -> () -> cache.add(raced, "racer-" + racer, ttl()));
            assertThat(results.stream().filter(won -> won).count()).as("winners of round %d", round).isEqualTo(1);
            int winner = results.indexOf(true);
            assertThat(cache.get(raced)).contains("racer-" + winner);
        }
    }

    /** Increments through compareAndSet from racing threads lose nothing. */
    @Test
    public void racingCompareAndSetIncrementsLoseNothing() throws Exception {
        int incrementsPerThread = 100;
        String counter = key("counter");
        cache.set(counter, "0", ttl());
        List<Integer> retries = race(RACERS, racer -> () -> {
            int conflicts = 0;
            for (int done = 0; done < incrementsPerThread; ) {
                String current = cache.get(counter).orElseThrow(() -> new AssertionError("counter vanished"));
                String next = Integer.toString(Integer.parseInt(current) + 1);
                CasResult result = cache.compareAndSet(counter, current, next, ttl());
                if (result == CasResult.SWAPPED) {
                    done++;
                } else if (result == CasResult.CHANGED) {
                    conflicts++;
                } else {
                    throw new AssertionError("counter reported absent");
                }
            }
            return conflicts;
        });
        assertThat(cache.get(counter)).contains(Integer.toString(RACERS * incrementsPerThread));
        assertThat(retries).hasSize(RACERS);
    }

    // ---- helpers --------------------------------------------------------------------------------------

    /** A TTL no test outlives. */
    protected Duration ttl() {
        return Duration.ofHours(1);
    }

    /** The TTL of the expiry tests: generous on a test clock, one second where real time must pass. */
    protected Duration shortTtl() {
        return followsInjectedClock() ? Duration.ofSeconds(60) : Duration.ofSeconds(1);
    }

    /**
     * Lets {@code duration} pass: moves the test clock, or, for backends on their own server's clock,
     * waits in real time, which is the one wait this contract cannot avoid.
     */
    protected void pass(Duration duration) throws InterruptedException {
        if (followsInjectedClock()) {
            clock.advance(duration);
        } else {
            Thread.sleep(duration.toMillis());
        }
    }

    /** Runs one task per racer, all released at once, and returns their results in racer order. */
    protected <T> List<T> race(int racers, java.util.function.IntFunction<Callable<T>> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int racer = 0; racer < racers; racer++) {
                Callable<T> work = task.apply(racer);
                futures.add(pool.submit(() -> {
                    start.await();
                    return work.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                try {
                    results.add(future.get(2, TimeUnit.MINUTES));
                } catch (ExecutionException e) {
                    throw new AssertionError("a racer failed: " + e.getCause(), e.getCause());
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
