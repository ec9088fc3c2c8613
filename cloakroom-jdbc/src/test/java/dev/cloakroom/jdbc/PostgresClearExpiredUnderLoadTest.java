package dev.cloakroom.jdbc;

import dev.cloakroom.jdbc.support.Purge;

import com.zaxxer.hikari.HikariDataSource;
import dev.cloakroom.jdbc.schema.SchemaMigrator;
import dev.cloakroom.jdbc.support.DatabaseTestBase;
import dev.cloakroom.jdbc.support.RequiresDatabase;
import dev.cloakroom.jdbc.support.TestDatabase;
import dev.cloakroom.store.ReplaceOutcome;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** clearsessions on a big table: bounded batches while requests keep loading and saving live sessions. */
@RequiresDatabase(TestDatabase.POSTGRES)
class PostgresClearExpiredUnderLoadTest extends DatabaseTestBase {
    static final TableName TABLE = TableName.of("sessions_bulk");
    static final Instant NOW = Instant.parse("2026-05-01T08:00:00Z");
    static final int EXPIRED = 200_000;
    static final int LIVE = 1_000;

    @Test
    void clearsEveryExpiredRowInBatchesWhileLiveSessionsKeepBeingServed() throws Exception {
        HikariDataSource pool = db.pool(TABLE);
        new SchemaMigrator(pool, db.dialect(), TABLE).migrate();
        DbSessionStore store = new DbSessionStore(pool, db.dialect(), TABLE, true, ZoneOffset.UTC, new MutableClock(NOW));
        insertExpiredRows(pool);
        Map<String, String> liveData = new ConcurrentHashMap<>();
        for (int i = 0; i < LIVE; i++) {
            String key = String.format("live%028d", i);
            assertThat(store.create(key, new SessionRecord("live " + i + " v0", NOW.plus(Duration.ofDays(1))))).isTrue();
            liveData.put(key, "live " + i + " v0");
        }
        List<String> liveKeys = List.copyOf(liveData.keySet());

        AtomicBoolean clearing = new AtomicBoolean(true);
        AtomicInteger operationsDuringClear = new AtomicInteger();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Thread requests = new Thread(() -> {
            int version = 1;
            while (clearing.get()) {
                String key = liveKeys.get(ThreadLocalRandom.current().nextInt(liveKeys.size()));
                try {
                    SessionRecord loaded = store.load(key).orElseThrow(() -> new AssertionError("live " + key + " vanished"));
                    String data = key + " v" + version++;
                    ReplaceOutcome outcome = store.replace(key, loaded,
                            new SessionRecord(data, NOW.plus(Duration.ofDays(1))));
                    if (outcome != ReplaceOutcome.REPLACED) {
                        throw new AssertionError("saving " + key + " gave " + outcome);
                    }
                    liveData.put(key, data);
                    operationsDuringClear.incrementAndGet();
                } catch (Throwable e) {
                    failures.add(e);
                    return;
                }
            }
        }, "live-requests");
        requests.start();

        long removed;
        try {
            removed = Purge.expired(store);
        } finally {
            clearing.set(false);
            requests.join();
        }

        assertThat(failures).isEmpty();
        assertThat(operationsDuringClear.get()).as("requests served while clearing").isPositive();
        assertThat(removed).isEqualTo(EXPIRED);
        assertThat(count(pool, "expire_date < ?")).isZero();
        assertThat(rows(pool)).isEqualTo(new HashMap<>(liveData));
    }

    /**
     * A batch comes back short when a row it picked is deleted by someone else meanwhile (here: a transaction
     * holding the row's lock); that is no sign that the expired rows are all gone, so clearing carries on.
     */
    @Test
    void aBatchShortenedByAConcurrentDeleteDoesNotEndTheClearing() throws Exception {
        TableName table = TableName.of("sessions_short_batch");
        HikariDataSource pool = db.pool(table);
        new SchemaMigrator(pool, db.dialect(), table).migrate();
        MutableClock clock = new MutableClock(NOW);
        DbSessionStore store = new DbSessionStore(pool, db.dialect(), table,
                db.dialect().expireDateColumn(true, ZoneOffset.UTC), clock, 3);
        List<String> expired = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String key = String.format("dead%028d", i);
            assertThat(store.create(key, new SessionRecord("expired", NOW.minusSeconds(100 - i)))).isTrue();
            expired.add(key);
        }

        long removed;
        try (Connection other = db.connect()) {
            other.setAutoCommit(false);
            int otherPid;
            try (Statement s = other.createStatement()) {
                s.executeUpdate("DELETE FROM " + table + " WHERE session_key = '" + expired.get(0) + "'");
                try (ResultSet row = s.executeQuery("SELECT pg_backend_pid()")) {
                    row.next();
                    otherPid = row.getInt(1);
                }
            }
            CompletableFuture<Long> clearing = CompletableFuture.supplyAsync(() -> Purge.expired(store));
            awaitBlockedBy(otherPid, clearing);
            other.commit();
            removed = clearing.get(30, TimeUnit.SECONDS);
        }

        assertThat(removed).isEqualTo(9);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                ResultSet row = s.executeQuery("SELECT count(*) FROM " + table)) {
            row.next();
            assertThat(row.getLong(1)).as("expired rows left").isZero();
        }
    }

    /** Waits until some backend waits for a lock held by {@code pid}: the clearing has reached the locked row. */
    private void awaitBlockedBy(int pid, CompletableFuture<?> clearing) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Connection watcher = db.connect();
                PreparedStatement s = watcher.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE ? = ANY (pg_blocking_pids(pid))")) {
            s.setInt(1, pid);
            while (true) {
                try (ResultSet row = s.executeQuery()) {
                    row.next();
                    if (row.getLong(1) > 0) {
                        return;
                    }
                }
                assertThat(clearing).as("clearExpired finished without reaching the locked row").isNotDone();
                assertThat(System.nanoTime()).as("clearExpired never waited for the locked row").isLessThan(deadline);
                Thread.onSpinWait();
            }
        }
    }

    /** One INSERT ... SELECT over generate_series: the fastest bulk load short of COPY. */
    private void insertExpiredRows(HikariDataSource pool) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO " + TABLE
                + " (session_key, session_data, expire_date) SELECT 'dead' || lpad(g::text, 28, '0'), 'expired '"
                + " || g, ? - g * interval '1 second' FROM generate_series(1, " + EXPIRED + ") AS g")) {
            s.setObject(1, OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC));
            assertThat(s.executeUpdate()).isEqualTo(EXPIRED);
        }
    }

    private static long count(HikariDataSource pool, String condition) throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM " + TABLE + " WHERE " + condition)) {
            s.setObject(1, OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC));
            try (ResultSet row = s.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static Map<String, String> rows(HikariDataSource pool) throws SQLException {
        Map<String, String> rows = new HashMap<>();
        try (Connection c = pool.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT session_key, session_data FROM " + TABLE);
                ResultSet row = s.executeQuery()) {
            while (row.next()) {
                rows.put(row.getString(1), row.getString(2));
            }
        }
        return rows;
    }
}
