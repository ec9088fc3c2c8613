package dev.cloakroom.jdbc;

import dev.cloakroom.store.SessionStoreException;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WriteQueueTest {
    private final JdbcCalls calls = new JdbcCalls(inMemory());

    private static SQLiteDataSource inMemory() {
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite::memory:");
        return dataSource;
    }

    @Test
    void queuedWritesRunOneAtATimeAndAllRun() throws Exception {
        WriteQueue queue = WriteQueue.of(true, Duration.ofSeconds(30));
        assertThat(mostAtOnce(queue, 16)).isEqualTo(1);
    }

    @Test
    void withoutAQueueWritesOverlap() throws Exception {
        WriteQueue queue = WriteQueue.of(false, Duration.ofSeconds(30));
        assertThat(mostAtOnce(queue, 4)).isEqualTo(4);
    }

    @Test
    void aWriteStuckAheadFailsTheOnesBehindItOnceThePatienceIsOver() throws Exception {
        WriteQueue queue = WriteQueue.of(true, Duration.ofMillis(200));
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> stuck = pool.submit(() -> queue.run("holding", calls, c -> {
                holding.countDown();
                await(release, 30_000);
                return null;
            }));
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> queue.run("saving a session", calls, c -> 1))
                    .isInstanceOf(SessionStoreException.class)
                    .hasMessageContaining("saving a session").hasMessageContaining("did not finish within");
            release.countDown();
            stuck.get(10, TimeUnit.SECONDS);
            int answer = queue.run("saving a session", calls, c -> 2);
            assertThat(answer).isEqualTo(2);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    /** Runs {@code writers} writes at once, each lingering a little, and answers how many ever ran together. */
    private int mostAtOnce(WriteQueue queue, int writers) throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch allIn = new CountDownLatch(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return queue.run("writing", calls, c -> {
                        most.accumulateAndGet(running.incrementAndGet(), Math::max);
                        allIn.countDown();
                        // lingers until every writer has arrived (or a moment has passed, when they queue)
                        await(allIn, 100);
                        running.decrementAndGet();
                        return done.incrementAndGet();
                    });
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(done).hasValue(writers);
        return most.get();
    }

    private static void await(CountDownLatch latch, long millis) {
        try {
            latch.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
