package dev.cloakroom.jdbc;

import dev.cloakroom.jdbc.support.Purge;

import com.zaxxer.hikari.HikariDataSource;
import dev.cloakroom.jdbc.schema.SchemaMigrator;
import dev.cloakroom.jdbc.support.DatabaseTestBase;
import dev.cloakroom.store.SessionKeys;
import dev.cloakroom.store.ReplaceOutcome;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionStoreException;
import dev.cloakroom.testkit.MutableClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store primitives on one database; each database's subclass runs them all. */
abstract class DbSessionStoreContract extends DatabaseTestBase {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00.123456Z");
    static final TableName TABLE = TableName.of("sessions_store_test");

    final MutableClock clock = new MutableClock(NOW);
    final SessionKeys keys = new SessionKeys();
    HikariDataSource pool;
    DbSessionStore store;

    @BeforeAll
    void createTable() {
        pool = db.pool(TABLE);
        new SchemaMigrator(pool, db.dialect(), TABLE).migrate();
    }

    @BeforeEach
    void emptyTable() throws SQLException {
        clock.set(NOW);
        store = new DbSessionStore(pool, db.dialect(), TABLE, true, ZoneOffset.UTC, clock);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM " + db.dialect().quote(TABLE.name()));
        }
    }

    static SessionRecord record(String data, Instant expiresAt) {
        return new SessionRecord(data, expiresAt);
    }

    @Test
    void loadOfAnUnknownKeyIsEmpty() {
        assertThat(store.load(keys.generate())).isEmpty();
        assertThat(store.exists(keys.generate())).isFalse();
    }

    @Test
    void createThenLoadReturnsTheRecordAtMicrosecondPrecision() {
        String key = keys.generate();
        Instant expiry = NOW.plus(Duration.ofDays(14)).plusNanos(789);

        assertThat(store.create(key, record("payload:1", expiry))).isTrue();

        assertThat(store.load(key)).contains(record("payload:1", expiry.truncatedTo(ChronoUnit.MICROS)));
        assertThat(store.exists(key)).isTrue();
    }

    @Test
    void createOnATakenKeyReturnsFalseAndKeepsTheFirstRecord() {
        String key = keys.generate();
        SessionRecord first = record("first", NOW.plusSeconds(60));
        store.create(key, first);

        assertThat(store.create(key, record("second", NOW.plusSeconds(120)))).isFalse();

        assertThat(store.load(key)).contains(first);
    }

    /** MariaDB reports a missing NOT NULL value outside SQLState class 23, but a failed CHECK inside it. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "account_id integer NOT NULL                            | data    | account_id",
            "CONSTRAINT data_not_refused CHECK (session_data <> 'refused') | refused | data_not_refused"})
    void aViolatedConstraintOtherThanTheKeyFailsWithTheDatabasesMessageInsteadOfReportingATakenKey(
            String extraDefinition, String data, String named) throws SQLException {
        TableName extra = TableName.of("sessions_extra_constraint");
        String createTable = db.dialect().createTable(extra);
        db.execute(createTable.substring(0, createTable.lastIndexOf(')')) + ", " + extraDefinition + ")");
        try {
            DbSessionStore constrained = new DbSessionStore(pool, db.dialect(), extra, true, ZoneOffset.UTC, clock);
            String key = keys.generate();

            assertThatThrownBy(() -> constrained.create(key, record(data, NOW.plusSeconds(60))))
                    .isInstanceOf(SessionStoreException.class)
                    .hasMessageContaining("creating a session")
                    .hasMessageContaining(named);
            assertThat(constrained.exists(key)).isFalse();
        } finally {
            db.execute("DROP TABLE " + db.dialect().quote(extra.name()));
        }
    }

    @Test
    void loadIgnoresExpiredRowsButExistsStillSeesThem() {
        String key = keys.generate();
        store.create(key, record("data", NOW.plusSeconds(10)));

        clock.set(NOW.plusSeconds(10));
        assertThat(store.load(key)).as("expire_date == now is no longer live").isEmpty();
        assertThat(store.exists(key)).as("exists ignores expiry, like Django").isTrue();

        clock.set(NOW.plusSeconds(10).minusNanos(1_000));
        assertThat(store.load(key)).isPresent();
    }

    @Test
    void replaceOfTheLoadedRecordReplacesIt() {
        String key = keys.generate();
        store.create(key, record("v1", NOW.plusSeconds(60)));
        SessionRecord loaded = store.load(key).orElseThrow();
        SessionRecord next = record("v2", NOW.plusSeconds(120));

        assertThat(store.replace(key, loaded, next)).isEqualTo(ReplaceOutcome.REPLACED);

        assertThat(store.load(key)).contains(next);
    }

    @Test
    void replaceMatchesTheExpectedRecordEvenWhenItWasNeverTruncated() {
        String key = keys.generate();
        SessionRecord written = record("v1", NOW.plusSeconds(60).plusNanos(999));
        store.create(key, written);

        assertThat(store.replace(key, written, record("v2", NOW.plusSeconds(90)))).isEqualTo(ReplaceOutcome.REPLACED);
    }

    @Test
    void replaceWithStaleDataConflictsAndWritesNothing() {
        String key = keys.generate();
        SessionRecord stale = record("v1", NOW.plusSeconds(60));
        store.create(key, stale);
        SessionRecord other = record("v2 by another request", NOW.plusSeconds(70));
        store.replace(key, stale, other);

        assertThat(store.replace(key, stale, record("v3", NOW.plusSeconds(80)))).isEqualTo(ReplaceOutcome.CONFLICT);

        assertThat(store.load(key)).contains(other);
    }

    @Test
    void replaceWithTheSameDataButAnotherExpiryConflicts() {
        String key = keys.generate();
        store.create(key, record("same", NOW.plusSeconds(60)));

        ReplaceOutcome outcome = store.replace(key, record("same", NOW.plusSeconds(61)), record("new", NOW));

        assertThat(outcome).isEqualTo(ReplaceOutcome.CONFLICT);
        assertThat(store.load(key)).contains(record("same", NOW.plusSeconds(60)));
    }

    @Test
    void replaceComparesDataCharacterForCharacter() {
        String key = keys.generate();
        SessionRecord stored = record("Data", NOW.plusSeconds(60));
        store.create(key, stored);

        assertThat(store.replace(key, record("data", stored.expiresAt()), record("v2", NOW)))
                .isEqualTo(ReplaceOutcome.CONFLICT);
        assertThat(store.replace(key, record("Data ", stored.expiresAt()), record("v2", NOW)))
                .isEqualTo(ReplaceOutcome.CONFLICT);
        assertThat(store.load(key)).contains(stored);
    }

    @Test
    void replaceWithTheRecordAlreadyStoredIsReplaced() {
        String key = keys.generate();
        SessionRecord stored = record("same", NOW.plusSeconds(60));
        store.create(key, stored);

        assertThat(store.replace(key, stored, stored)).isEqualTo(ReplaceOutcome.REPLACED);
        assertThat(store.load(key)).contains(stored);
    }

    @Test
    void replaceOfADeletedRecordIsMissingAndCreatesNothing() {
        String key = keys.generate();
        SessionRecord loaded = record("v1", NOW.plusSeconds(60));
        store.create(key, loaded);
        store.delete(key);

        assertThat(store.replace(key, loaded, record("v2", NOW.plusSeconds(60)))).isEqualTo(ReplaceOutcome.MISSING);

        assertThat(store.exists(key)).isFalse();
    }

    @Test
    void replaceOfAnExpiredRecordIsMissingAndDoesNotReviveIt() {
        String key = keys.generate();
        SessionRecord loaded = record("v1", NOW.plusSeconds(60));
        store.create(key, loaded);
        clock.set(NOW.plusSeconds(61));

        assertThat(store.replace(key, loaded, record("v2", NOW.plusSeconds(3600)))).isEqualTo(ReplaceOutcome.MISSING);

        clock.set(NOW);
        assertThat(store.load(key)).contains(loaded);
    }

    /**
     * NULL stands in for every value a column can hold that is no readable text: the load hands the core data
     * its codec refuses (an empty session and one security log line there), and the next save replaces the row.
     */
    @Test
    void aRowWithNullSessionDataLoadsAsUnreadableAndTheNextSaveReplacesIt() throws SQLException {
        withNullableTable(nullable -> {
            String key = keys.generate();
            nullable.create(key, record("data", NOW.plusSeconds(60)));
            db.execute("UPDATE sessions_nullable_data SET session_data = NULL");

            SessionRecord loaded;
            try (dev.cloakroom.testkit.LogCapture log = dev.cloakroom.testkit.LogCapture.start()) {
                loaded = nullable.load(key).orElseThrow();
                assertThat(log.securityWarnings()).as("the store leaves the one line to the codec").isEmpty();
            }
            assertThat(loaded.data()).isNotEqualTo("data").startsWith("\u0000");
            assertThat(loaded.expiresAt()).isEqualTo(NOW.plusSeconds(60));

            SessionRecord good = record("good", NOW.plusSeconds(600));
            assertThat(nullable.replace(key, loaded, good)).isEqualTo(ReplaceOutcome.REPLACED);
            assertThat(nullable.load(key)).contains(good);
        });
    }

    @Test
    void aGoodWriteOverAnUnreadableRowIsNotClobberedByASaveThatLoadedItBefore() throws SQLException {
        withNullableTable(nullable -> {
            String key = keys.generate();
            nullable.create(key, record("data", NOW.plusSeconds(60)));
            db.execute("UPDATE sessions_nullable_data SET session_data = NULL");
            SessionRecord unreadable = nullable.load(key).orElseThrow();
            SessionRecord first = record("first", NOW.plusSeconds(600));
            assertThat(nullable.replace(key, unreadable, first)).isEqualTo(ReplaceOutcome.REPLACED);

            assertThat(nullable.replace(key, unreadable, record("second", NOW.plusSeconds(600))))
                    .isEqualTo(ReplaceOutcome.CONFLICT);
            assertThat(nullable.load(key)).contains(first);
        });
    }

    interface StoreTest {
        void run(DbSessionStore store) throws SQLException;
    }

    /** Runs {@code test} on a store over a table like Django's whose session_data may be NULL. */
    void withNullableTable(StoreTest test) throws SQLException {
        TableName nullable = TableName.of("sessions_nullable_data");
        String ddl = db.dialect().createTable(nullable).replaceFirst("(session_data\\W+ (long)?text) NOT NULL", "$1");
        assertThat(ddl).doesNotContain("text NOT NULL");
        db.execute(ddl);
        try {
            test.run(new DbSessionStore(pool, db.dialect(), nullable, true, ZoneOffset.UTC, clock));
        } finally {
            db.execute("DROP TABLE " + db.dialect().quote(nullable.name()));
        }
    }

    /** A row as other software may write it: expire_date text with a short fraction, which reads leniently. */
    void insertRaw(String key, String data, String expireDateText) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO "
                + db.dialect().quote(TABLE.name()) + " (session_key, session_data, expire_date) VALUES (?, ?, "
                + (db.database() == dev.cloakroom.jdbc.support.TestDatabase.POSTGRES ? "CAST(? || '+00' AS timestamptz)" : "?")
                + ")")) {
            s.setString(1, key);
            s.setString(2, data);
            s.setString(3, expireDateText);
            s.executeUpdate();
        }
    }

    @Test
    void aLiveRowWhoseExpireDateIsNotInPythonsShapeCanBeReplaced() throws SQLException {
        String key = keys.generate();
        insertRaw(key, "payload", "2030-01-01 12:00:00.5");
        SessionRecord loaded = store.load(key).orElseThrow();
        SessionRecord next = record("new", NOW.plusSeconds(3600));

        assertThat(store.replace(key, loaded, next)).isEqualTo(ReplaceOutcome.REPLACED);

        assertThat(store.load(key)).contains(next);
    }

    @Test
    void aRowNotInPythonsShapeHoldingOtherDataStillConflicts() throws SQLException {
        String key = keys.generate();
        insertRaw(key, "payload", "2030-01-01 12:00:00.5");
        SessionRecord loaded = store.load(key).orElseThrow();

        assertThat(store.replace(key, record("stale", loaded.expiresAt()), record("new", NOW.plusSeconds(3600))))
                .isEqualTo(ReplaceOutcome.CONFLICT);
        assertThat(store.replace(key, record("payload", loaded.expiresAt().plusSeconds(1)),
                record("new", NOW.plusSeconds(3600)))).isEqualTo(ReplaceOutcome.CONFLICT);

        assertThat(store.load(key)).contains(loaded);
    }

    @Test
    void anExpiredRowNotInPythonsShapeIsMissingAndNotRevived() throws SQLException {
        String key = keys.generate();
        insertRaw(key, "payload", "2026-03-01 11:00:00.5");
        SessionRecord loaded = record("payload", Instant.parse("2026-03-01T11:00:00.5Z"));

        assertThat(store.replace(key, loaded, record("new", NOW.plusSeconds(3600)))).isEqualTo(ReplaceOutcome.MISSING);

        clock.set(Instant.parse("2026-03-01T10:00:00Z"));
        assertThat(store.load(key)).contains(loaded);
    }

    @Test
    void deleteRemovesTheRowAndIgnoresUnknownKeys() {
        String key = keys.generate();
        store.create(key, record("v1", NOW.plusSeconds(60)));

        store.delete(key);
        store.delete(keys.generate());

        assertThat(store.exists(key)).isFalse();
    }

    @Test
    void clearExpiredRemovesExactlyTheExpiredRowsInBatches() throws SQLException {
        DbSessionStore smallBatches = new DbSessionStore(pool, db.dialect(), TABLE,
                db.dialect().expireDateColumn(true, ZoneOffset.UTC), clock, 3);
        List<String> live = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            store.create(keys.generate(), record("expired", NOW.minusSeconds(1 + i)));
        }
        for (int i = 0; i < 4; i++) {
            String key = keys.generate();
            store.create(key, record("live", NOW.plusSeconds(1 + i)));
            live.add(key);
        }
        String atNow = keys.generate();
        store.create(atNow, record("expires exactly now", NOW));

        assertThat(Purge.expired(smallBatches)).isEqualTo(10);

        assertThat(allKeys()).as("live rows and the row expiring exactly now (Django purges with <) remain")
                .containsExactlyInAnyOrderElementsOf(concat(live, atNow));
        assertThat(Purge.expired(smallBatches)).isZero();
    }

    @Test
    void concurrentWritersOfOneSessionLoseNothing() throws Exception {
        String key = keys.generate();
        store.create(key, record("", NOW.plusSeconds(3600)));
        int threads = 16;
        int writesPerThread = 200;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> conflicts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                conflicts.add(executor.submit(() -> writeOwnKeys(key, thread, writesPerThread)));
            }
            for (Future<Integer> done : conflicts) {
                done.get(5, TimeUnit.MINUTES);
            }
        } finally {
            executor.shutdownNow();
        }

        TreeMap<String, String> merged = parse(store.load(key).orElseThrow().data());
        assertThat(merged).hasSize(threads * writesPerThread);
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < writesPerThread; i++) {
                assertThat(merged).containsEntry("t" + t + "w" + i, Integer.toString(i));
            }
        }
    }

    /** What the core does on each save: load, apply this request's change, write conditionally, retry on conflict. */
    private int writeOwnKeys(String key, int thread, int writes) {
        int conflicts = 0;
        for (int i = 0; i < writes; i++) {
            while (true) {
                SessionRecord loaded = store.load(key).orElseThrow();
                TreeMap<String, String> data = parse(loaded.data());
                data.put("t" + thread + "w" + i, Integer.toString(i));
                ReplaceOutcome outcome = store.replace(key, loaded, record(format(data), NOW.plusSeconds(3600)));
                if (outcome == ReplaceOutcome.REPLACED) {
                    break;
                }
                assertThat(outcome).isEqualTo(ReplaceOutcome.CONFLICT);
                conflicts++;
            }
        }
        return conflicts;
    }

    static TreeMap<String, String> parse(String data) {
        TreeMap<String, String> map = new TreeMap<>();
        for (String entry : data.split(";")) {
            if (!entry.isEmpty()) {
                int eq = entry.indexOf('=');
                map.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return map;
    }

    static String format(TreeMap<String, String> data) {
        StringBuilder out = new StringBuilder();
        data.forEach((k, v) -> out.append(k).append('=').append(v).append(';'));
        return out.toString();
    }

    List<String> allKeys() throws SQLException {
        List<String> result = new ArrayList<>();
        try (Connection c = pool.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT session_key FROM " + db.dialect().quote(TABLE.name()));
                ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                result.add(rows.getString(1));
            }
        }
        return result;
    }

    private static List<String> concat(List<String> list, String one) {
        List<String> all = new ArrayList<>(list);
        all.add(one);
        return all;
    }

}
