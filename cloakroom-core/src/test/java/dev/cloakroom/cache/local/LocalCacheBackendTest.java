package dev.cloakroom.cache.local;

import dev.cloakroom.cache.local.LocalCacheBackend;

import dev.cloakroom.cache.CacheBackend.CasResult;
import dev.cloakroom.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalCacheBackendTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final LocalCacheBackend cache = new LocalCacheBackend(clock);

    /**
     * One client writing large values must not fill the heap: 283 values of 19 MB once did, under an entry
     * bound alone. Under a byte budget the cache keeps at most that many bytes, evicting the rest.
     */
    @Test
    void largeValuesAreEvictedPastTheByteBudget() {
        long budget = 4L * 1024 * 1024;
        LocalCacheBackend bounded = new LocalCacheBackend(clock, 100_000, budget);
        String large = "x".repeat(256 * 1024);
        for (int i = 0; i < 200; i++) {
            bounded.set("key" + i, large, MINUTE);
        }

        long held = bounded.estimatedSize();
        assertThat(held * 2L * large.length()).as("bytes held by %d entries", held).isLessThanOrEqualTo(budget);
        assertThat(held).isPositive();
    }

    /** Small entries still count against the entry bound: each weighs at least budget / maxEntries. */
    @Test
    void smallValuesAreStillBoundedByCount() {
        LocalCacheBackend bounded = new LocalCacheBackend(clock, 50, 1024L * 1024 * 1024);
        for (int i = 0; i < 500; i++) {
            bounded.set("k" + i, "v", MINUTE);
        }

        assertThat(bounded.estimatedSize()).isLessThanOrEqualTo(50);
    }

    @Test
    void getReturnsWhatSetStored() {
        cache.set("k", "v", MINUTE);
        assertThat(cache.get("k")).contains("v");
        assertThat(cache.get("other")).isEmpty();
    }

    @Test
    void entryIsLiveUntilItsExpiryInstantAndDeadFromIt() {
        cache.set("k", "v", MINUTE);
        clock.advance(MINUTE.minusNanos(1));
        assertThat(cache.get("k")).contains("v");
        assertThat(cache.contains("k")).isTrue();
        clock.advance(Duration.ofNanos(1));
        assertThat(cache.get("k")).isEmpty();
        assertThat(cache.contains("k")).isFalse();
    }

    @Test
    void movingTheClockLetsCaffeineEvictExpiredEntries() {
        cache.set("short", "v", Duration.ofSeconds(10));
        cache.set("long", "v", Duration.ofHours(1));
        assertThat(cache.estimatedSize()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(11));
        assertThat(cache.estimatedSize()).isEqualTo(1);
        assertThat(cache.get("long")).contains("v");
    }

    @Test
    void readsDoNotExtendAnEntrysLife() {
        cache.set("k", "v", MINUTE);
        clock.advance(Duration.ofSeconds(59));
        assertThat(cache.get("k")).contains("v");
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.get("k")).isEmpty();
    }

    @Test
    void setReplacesValueAndTtl() {
        cache.set("k", "old", Duration.ofSeconds(10));
        cache.set("k", "new", MINUTE);
        clock.advance(Duration.ofSeconds(30));
        assertThat(cache.get("k")).contains("new");
    }

    @Test
    void setWithZeroOrNegativeTtlRemovesTheEntry() {
        cache.set("zero", "v", MINUTE);
        cache.set("negative", "v", MINUTE);
        cache.set("zero", "v2", Duration.ZERO);
        cache.set("negative", "v2", Duration.ofSeconds(-5));
        assertThat(cache.get("zero")).isEmpty();
        assertThat(cache.get("negative")).isEmpty();
        assertThat(cache.estimatedSize()).isZero();
    }

    @Test
    void addStoresOnlyWhenNoLiveEntryExists() {
        assertThat(cache.add("k", "first", MINUTE)).isTrue();
        assertThat(cache.add("k", "second", Duration.ofHours(1))).isFalse();
        assertThat(cache.get("k")).contains("first");
        clock.advance(MINUTE);
        assertThat(cache.get("k")).isEmpty();
    }

    @Test
    void addTreatsAnExpiredEntryAsAbsent() {
        cache.set("k", "old", MINUTE);
        clock.advance(MINUTE);
        assertThat(cache.add("k", "new", MINUTE)).isTrue();
        assertThat(cache.get("k")).contains("new");
    }

    @Test
    void addWithZeroTtlStoresNothingAndLeavesALiveEntryAlone() {
        assertThat(cache.add("absent", "v", Duration.ZERO)).isTrue();
        assertThat(cache.contains("absent")).isFalse();
        cache.set("live", "v", MINUTE);
        assertThat(cache.add("live", "other", Duration.ZERO)).isFalse();
        assertThat(cache.get("live")).contains("v");
    }

    @Test
    void compareAndSetSwapsOnlyTheExpectedValue() {
        cache.set("k", "v1", MINUTE);
        assertThat(cache.compareAndSet("k", "v1", "v2", Duration.ofHours(1))).isEqualTo(CasResult.SWAPPED);
        assertThat(cache.get("k")).contains("v2");
        assertThat(cache.compareAndSet("k", "v1", "v3", MINUTE)).isEqualTo(CasResult.CHANGED);
        assertThat(cache.get("k")).contains("v2");
    }

    @Test
    void compareAndSetGivesTheReplacementItsOwnTtl() {
        cache.set("k", "v1", Duration.ofSeconds(10));
        cache.compareAndSet("k", "v1", "v2", MINUTE);
        clock.advance(Duration.ofSeconds(30));
        assertThat(cache.get("k")).contains("v2");
        clock.advance(Duration.ofSeconds(30));
        assertThat(cache.get("k")).isEmpty();
    }

    @Test
    void compareAndSetOnMissingOrExpiredEntryIsAbsentAndWritesNothing() {
        assertThat(cache.compareAndSet("missing", "v", "w", MINUTE)).isEqualTo(CasResult.ABSENT);
        assertThat(cache.contains("missing")).isFalse();
        cache.set("k", "v", MINUTE);
        clock.advance(MINUTE);
        assertThat(cache.compareAndSet("k", "v", "w", MINUTE)).isEqualTo(CasResult.ABSENT);
        assertThat(cache.contains("k")).isFalse();
    }

    @Test
    void compareAndSetWithZeroTtlSwapsToNothing() {
        cache.set("k", "v", MINUTE);
        assertThat(cache.compareAndSet("k", "v", "w", Duration.ZERO)).isEqualTo(CasResult.SWAPPED);
        assertThat(cache.contains("k")).isFalse();
    }

    @Test
    void deleteReportsWhetherALiveEntryWasThere() {
        cache.set("k", "v", MINUTE);
        assertThat(cache.delete("k")).isTrue();
        assertThat(cache.contains("k")).isFalse();
        assertThat(cache.delete("k")).isFalse();
        cache.set("expired", "v", MINUTE);
        clock.advance(MINUTE);
        assertThat(cache.delete("expired")).isFalse();
    }

    @Test
    void theBoundLimitsHowManyEntriesAreKept() {
        LocalCacheBackend small = new LocalCacheBackend(clock, 10);
        for (int i = 0; i < 100; i++) {
            small.set("k" + i, "v", MINUTE);
        }
        assertThat(small.maxEntries()).isEqualTo(10);
        assertThat(small.estimatedSize()).isLessThanOrEqualTo(10);
    }

    @Test
    void defaultBoundIsGenerous() {
        assertThat(cache.maxEntries()).isEqualTo(LocalCacheBackend.DEFAULT_MAX_ENTRIES).isEqualTo(100_000);
    }

    @Test
    void refusesABoundBelowOne() {
        assertThatThrownBy(() -> new LocalCacheBackend(clock, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxEntries");
    }

    @Test
    void concurrentAddsOfOneKeyLetExactlyOneWin() throws Exception {
        int threads = 8;
        List<Boolean> results = runConcurrently(threads, i -> cache.add("k", "v" + i, MINUTE));
        assertThat(results).containsOnlyOnce(true);
    }

    @Test
    void concurrentCompareAndSetIncrementsLoseNoUpdate() throws Exception {
        cache.set("counter", "0", MINUTE);
        int threads = 4;
        int perThread = 500;
        runConcurrently(threads, i -> {
            for (int n = 0; n < perThread; n++) {
                while (true) {
                    String current = cache.get("counter").orElseThrow();
                    String next = Integer.toString(Integer.parseInt(current) + 1);
                    if (cache.compareAndSet("counter", current, next, MINUTE) == CasResult.SWAPPED) {
                        break;
                    }
                }
            }
            return null;
        });
        assertThat(cache.get("counter")).contains(Integer.toString(threads * perThread));
    }

    private interface Task<T> {
        T run(int index) throws Exception;
    }

    private static <T> List<T> runConcurrently(int threads, Task<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                Callable<T> call = () -> {
                    start.await();
                    return task.run(index);
                };
                futures.add(pool.submit(call));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
