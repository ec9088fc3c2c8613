package dev.cloakroom.jdbc;

import com.zaxxer.hikari.HikariPoolMXBean;
import dev.cloakroom.jdbc.pool.EnginePool;
import dev.cloakroom.jdbc.pool.PooledDataSources;
import dev.cloakroom.settings.SessionSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many more concurrent units of work than connections, through {@link JdbcCalls} on the engine's own pool over
 * an SQLite file: they wait at the pool's gate, so no more threads than connections ever wait in HikariCP's
 * hand-off (where returned connections are offered in a yield loop), and every unit still runs.
 */
class ConnectionGateOnPoolTest {
    @TempDir
    Path directory;

    @Test
    void unitsBeyondThePoolWaitAtTheGateAndNeverInsideThePool() throws Exception {
        DbSettings db = DbSettings.from(SessionSettings.builder().engine("db").secretKey("gate-test-secret-key")
                .raw("DATABASE_URL", "jdbc:sqlite:" + directory.resolve("sessions.sqlite3"))
                .raw("DATABASE_POOL_SIZE", "2").build());
        try (EnginePool pool = PooledDataSources.create(db, db.dialect())) {
            JdbcCalls calls = new JdbcCalls(pool);
            calls.run("warming up", connection -> connection.createStatement().execute("select 1"));
            HikariPoolMXBean stats = pool.getHikariPoolMXBean();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger mostAwaitingInPool = new AtomicInteger();
            AtomicInteger samples = new AtomicInteger();
            AtomicInteger busySamples = new AtomicInteger();
            Thread sampler = new Thread(() -> {
                while (running.get()) {
                    int awaiting = stats.getThreadsAwaitingConnection();
                    mostAwaitingInPool.accumulateAndGet(awaiting, Math::max);
                    if (awaiting > 0) {
                        busySamples.incrementAndGet();
                    }
                    samples.incrementAndGet();
                    Thread.onSpinWait();
                }
            });
            sampler.start();
            AtomicInteger done = new AtomicInteger();
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                Thread worker = new Thread(() -> {
                    try {
                        for (int i = 0; i < 100; i++) {
                            calls.run("loading a session", connection -> {
                                // long enough for the others to pile up behind the two connections
                                LockSupport.parkNanos(200_000);
                                return connection.createStatement().execute("select 1");
                            });
                            done.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                workers.add(worker);
                worker.start();
            }
            for (Thread worker : workers) {
                worker.join();
            }
            running.set(false);
            sampler.join();

            assertThat(failures).isEmpty();
            assertThat(done.get()).isEqualTo(1600);
            assertThat(samples.get()).as("the pool was watched throughout").isGreaterThan(100);
            // HikariCP counts a borrower as awaiting while it scans for a free connection, so one that entered
            // the gate shows up briefly; without the gate all 16 pile up there and stay (measured: 96% of the
            // samples, against 1.3% with it)
            assertThat(mostAwaitingInPool.get()).as("most threads seen inside HikariCP's wait at once")
                    .isLessThanOrEqualTo(2);
            assertThat(busySamples.get()).as("samples with a thread inside HikariCP's wait, of " + samples)
                    .isLessThan(samples.get() / 2);
        }
    }
}
