package dev.cloakroom.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cloakroom.jdbc.pool.EnginePool;
import dev.cloakroom.jdbc.pool.PooledDataSources;
import dev.cloakroom.settings.SessionSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The engine pool's outage breaker, driven through {@link JdbcCalls} on a real pool over an SQLite file. */
class EnginePoolBreakerTest {
    @TempDir
    Path directory;

    private DbSettings settings(int poolSize) {
        return DbSettings.from(SessionSettings.builder().engine("db").secretKey("breaker-test-secret-key")
                .raw("DATABASE_URL", "jdbc:sqlite:" + directory.resolve("sessions.sqlite3"))
                .raw("DATABASE_POOL_SIZE", Integer.toString(poolSize)).raw("DATABASE_CONNECT_TIMEOUT", "1").build());
    }

    /** A thread that holds one of the pool's connections, in a unit of work, until {@code release} opens. */
    private static Thread holdingAConnectionUntil(CountDownLatch release, JdbcCalls calls) throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        Thread holder = new Thread(() -> calls.run("saving a session", connection -> {
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        holder.start();
        holding.await();
        return holder;
    }

    private static boolean select(JdbcCalls calls) {
        return calls.run("loading a session", connection -> connection.createStatement().execute("select 1"));
    }

    @Test
    void aRequestThatFindsEveryConnectionBusyIsNoOutage() throws Exception {
        DbSettings db = settings(1);
        try (EnginePool pool = PooledDataSources.create(db, db.dialect())) {
            JdbcCalls calls = new JdbcCalls(pool);
            CountDownLatch release = new CountDownLatch(1);
            Thread holder = holdingAConnectionUntil(release, calls);

            assertThatThrownBy(() -> select(calls)).as("the only connection is busy")
                    .isInstanceOf(DatabaseUnavailableException.class)
                    .hasCauseInstanceOf(SQLTransientConnectionException.class);
            assertThat(pool.breaker().inOutage()).as("a busy pool is not a database outage").isFalse();

            release.countDown();
            holder.join();
            for (int i = 0; i < 5; i++) {
                assertThat(select(calls)).as("requests go on succeeding").isTrue();
            }
        }
    }

    @Test
    void aProbeThatThrowsAnErrorLetsTheNextProbeThrough() {
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        DbSettings db = settings(2);
        try (EnginePool pool = PooledDataSources.create(db, db.dialect(), nanos::get)) {
            JdbcCalls calls = new JdbcCalls(pool);
            pool.breaker().unreachable(pool.breaker().admit("saving a session"), "Connection refused");
            nanos.addAndGet(PooledDataSources.PROBE_INTERVAL.toNanos());

            assertThatThrownBy(() -> calls.run("loading a session", connection -> {
                throw new StackOverflowError("decoding a deeply nested session");
            })).isInstanceOf(StackOverflowError.class);

            nanos.addAndGet(PooledDataSources.PROBE_INTERVAL.toNanos());
            assertThat(select(calls)).as("the next probe reaches the database").isTrue();
            assertThat(pool.breaker().inOutage()).isFalse();
        }
    }

    @Test
    void aServerAtItsConnectionLimitOrAPoolTimeoutWithoutACauseIsBusyNotDown() {
        assertThat(JdbcCalls.isUnreachable(new SQLException("Too many connections", "08004", 1040))).isFalse();
        assertThat(JdbcCalls.isUnreachable(new SQLTransientConnectionException(
                "cloakroom-db - Connection is not available, request timed out after 1000ms"))).isFalse();
        SQLException refused = new SQLException("Connection refused", "08001");
        assertThat(JdbcCalls.isUnreachable(new SQLTransientConnectionException(
                "cloakroom-db - Connection is not available, request timed out after 1000ms", "08001", refused)))
                .isTrue();
        assertThat(JdbcCalls.isUnreachable(refused)).isTrue();
    }

    @Test
    void messagesNeverShowTheCredentialsAUrlCarries() {
        assertThat(DbSettings.printableUrl("jdbc:mysql://app:s3cret@db.example:3306/sessions?password=other"))
                .isEqualTo("jdbc:mysql://***@db.example:3306/sessions");
        assertThat(DbSettings.printableUrl("jdbc:mysql://app:pa/ss@w@rd@db.example/sessions"))
                .isEqualTo("jdbc:mysql://***@db.example/sessions");
        assertThat(DbSettings.printableUrl("jdbc:postgresql://db.example/sessions"))
                .isEqualTo("jdbc:postgresql://db.example/sessions");
        assertThat(DbSettings.printableUrl("jdbc:sqlite:/var/lib/app/sessions.sqlite3"))
                .isEqualTo("jdbc:sqlite:/var/lib/app/sessions.sqlite3");

        try (HikariDataSource notStarted = new HikariDataSource()) {
            notStarted.setJdbcUrl("jdbc:mysql://app:s3cret@db.example/sessions");
            assertThat(JdbcCalls.describe(notStarted)).doesNotContain("s3cret").contains("db.example/sessions");
        }
        assertThat(DbSettings.from(SessionSettings.builder().engine("db").secretKey("breaker-test-secret-key")
                .raw("DATABASE_URL", "jdbc:mysql://app:s3cret@db.example/sessions").build()).toString())
                .doesNotContain("s3cret");
    }

    /**
     * The outage probe goes past the gate to the pool: it waits for a connection inside HikariCP (where a
     * failure to connect would be attached to its timeout) instead of behind the units holding the gate.
     */
    @Test
    void theOutageProbeWaitsForAConnectionInThePoolNotAtTheGate() throws Exception {
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        DbSettings db = settings(1);
        try (EnginePool pool = PooledDataSources.create(db, db.dialect(), nanos::get)) {
            JdbcCalls calls = new JdbcCalls(pool);
            CountDownLatch release = new CountDownLatch(1);
            Thread holder = holdingAConnectionUntil(release, calls);
            pool.breaker().unreachable(pool.breaker().admit("saving a session"), "Connection refused");
            nanos.addAndGet(PooledDataSources.PROBE_INTERVAL.toNanos());

            java.util.concurrent.CompletableFuture<Boolean> probe =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> select(calls));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (pool.getHikariPoolMXBean().getThreadsAwaitingConnection() == 0) {
                assertThat(System.nanoTime()).as("the probe waiting inside the pool").isLessThan(deadline);
                assertThat(probe).isNotDone();
                Thread.onSpinWait();
            }
            release.countDown();
            holder.join();

            assertThat(probe.get()).as("the probe reached the database").isTrue();
            assertThat(pool.breaker().inOutage()).isFalse();
        }
    }
}
