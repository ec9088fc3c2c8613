package dev.cloakroom.jdbc;

import dev.cloakroom.jdbc.dialect.CorruptExpireDateException;
import dev.cloakroom.jdbc.dialect.Dialect;
import dev.cloakroom.jdbc.dialect.Dialects;
import dev.cloakroom.jdbc.dialect.ExpireDateColumn;
import dev.cloakroom.jdbc.dialect.UnreadableSessionData;
import dev.cloakroom.SecurityLog;
import dev.cloakroom.store.ReplaceOutcome;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * The db engine's store: rows of Django's {@code django_session} table (or a table of the same shape
 * under another name) over JDBC, on SQLite, PostgreSQL or MySQL/MariaDB.
 *
 * <p>Loading is one SELECT and saving one conditional UPDATE: the row is rewritten only while it still
 * holds the record the request loaded and is still live, so concurrent requests never overwrite each other
 * (the core reloads and merges on {@link ReplaceOutcome#CONFLICT}) and an expired or deleted session is
 * never revived. "Now" always comes from the injected clock and is bound as a parameter, never taken from
 * the database's clock, so app servers and database agree on expiry the way Django's {@code timezone.now()}
 * does.
 *
 * <p>The conditional UPDATE compares {@code expire_date} as well as the data: both are bound through the
 * same {@link ExpireDateColumn} at microsecond precision, which all three databases keep exactly, so the
 * comparison means "the record this request loaded". Should a column hold less (a {@code datetime} without
 * fraction from a very old MySQL), a save costs one extra reload, never a lost or refused write. SQLite
 * compares the column as text, so a row whose text other software wrote in another shape is matched by
 * that text as read instead (see {@link #replace}).
 *
 * <p>A row whose {@code session_data} is no readable text (NULL, an SQLite BLOB, bytes that are not UTF-8)
 * loads as an {@link UnreadableSessionData} stand-in, which the codec refuses like any corrupt data (an empty
 * session, one security log line); saving over it compares the column with exactly what it held, so the next
 * save replaces it, and a good write that got in first is kept (a conflict, as always).
 */
public final class DbSessionStore implements SessionStore {
    /** Rows removed per statement by {@link #clearExpired}: small enough to keep each transaction short. */
    public static final int DEFAULT_CLEAR_BATCH_SIZE = 1_000;

    private final JdbcCalls jdbc;
    private final WriteQueue writes;
    private final Dialect dialect;
    private final TableName table;
    private final ExpireDateColumn expireDate;
    private final Clock clock;
    private final int clearBatchSize;
    private final String selectLive;
    private final String selectAny;
    private final String insert;
    private final String conditionalUpdate;
    private final String conditionalUpdateOfBytes;
    private final String conditionalUpdateOfNull;
    private final String delete;

    /**
     * @param dataSource     where connections come from; the store never closes it
     * @param dialect        the database's dialect (see {@link Dialects})
     * @param table          the session table, which must exist ({@code bin/cloakroom migrate})
     * @param expireDate     how expire_date is represented, normally {@link Dialect#expireDateColumn}
     * @param clock          "now" for expiry checks
     * @param clearBatchSize the most rows one statement of {@link #clearExpired} deletes
     */
    public DbSessionStore(DataSource dataSource, Dialect dialect, TableName table, ExpireDateColumn expireDate,
            Clock clock, int clearBatchSize) {
        if (clearBatchSize < 1) {
            throw new IllegalArgumentException("clearBatchSize must be positive: " + clearBatchSize);
        }
        this.jdbc = new JdbcCalls(dataSource);
        this.writes = WriteQueue.of(dialect.takesOneWriterAtATime(), DbSettings.DEFAULT_WAIT_TIMEOUT);
        this.dialect = dialect;
        this.table = table;
        this.expireDate = expireDate;
        this.clock = clock;
        this.clearBatchSize = clearBatchSize;
        String t = dialect.quote(table.name());
        String key = dialect.quote("session_key");
        String data = dialect.quote("session_data");
        String expire = dialect.quote("expire_date");
        this.selectLive = "SELECT " + data + ", " + expire + " FROM " + t + " WHERE " + key + " = ? AND "
                + dialect.liveOrMalformedExpiry(expire);
        this.selectAny = "SELECT 1 FROM " + t + " WHERE " + key + " = ?";
        this.insert = "INSERT INTO " + t + " (" + key + ", " + data + ", " + expire + ") VALUES (?, ?, ?)";
        String update = "UPDATE " + t + " SET " + data + " = ?, " + expire + " = ? WHERE " + key + " = ? AND ";
        String unchangedExpiry = " AND " + expire + " = ? AND " + expire + " > ?";
        this.conditionalUpdate = update + dialect.equalsExactly(data) + unchangedExpiry;
        this.conditionalUpdateOfBytes = update + dialect.equalsBytes(data) + unchangedExpiry;
        this.conditionalUpdateOfNull = update + data + " IS NULL" + unchangedExpiry;
        this.delete = "DELETE FROM " + t + " WHERE " + key + " = ?";
    }

    /** A store writing expire_date as Django does under {@code useTz} (USE_TZ) and {@code timeZone} (TIME_ZONE). */
    public DbSessionStore(DataSource dataSource, Dialect dialect, TableName table, boolean useTz, ZoneId timeZone,
            Clock clock) {
        this(dataSource, dialect, table, dialect.expireDateColumn(useTz, timeZone), clock, DEFAULT_CLEAR_BATCH_SIZE);
    }

    /**
     * A store over an application's own DataSource, asking the database which dialect it speaks.
     *
     * @param useTz    USE_TZ, as the Django sharing the table has it
     * @param timeZone TIME_ZONE, the zone of naive values when {@code useTz} is false
     */
    public static DbSessionStore forDataSource(DataSource dataSource, TableName table, boolean useTz, ZoneId timeZone,
            Clock clock) {
        return new DbSessionStore(dataSource, Dialects.forDataSource(dataSource), table, useTz, timeZone, clock);
    }

    public Dialect dialect() {
        return dialect;
    }

    public TableName table() {
        return table;
    }

    @Override
    public Optional<SessionRecord> load(String key) {
        Instant now = clock.instant();
        return jdbc.run("loading a session", c -> loadLive(c, key, now));
    }

    @Override
    public boolean exists(String key) {
        return jdbc.run("checking whether a session exists", c -> {
            try (PreparedStatement statement = c.prepareStatement(selectAny)) {
                statement.setString(1, key);
                try (ResultSet row = statement.executeQuery()) {
                    return row.next();
                }
            }
        });
    }

    @Override
    public boolean create(String key, SessionRecord record) {
        return writes.run("creating a session", jdbc, c -> {
            try (PreparedStatement statement = c.prepareStatement(insert)) {
                statement.setString(1, key);
                statement.setString(2, record.data());
                expireDate.bind(statement, 3, record.expiresAt());
                statement.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (dialect.isDuplicateKey(e)) {
                    return false;
                }
                throw e;
            }
        });
    }

    /**
     * One conditional UPDATE. When it matches no row, one SELECT tells the outcomes apart: no live row is
     * {@link ReplaceOutcome#MISSING}; a live row already holding the replacement counts as replaced (MySQL
     * drivers configured to count changed rather than matched rows report 0 for an identical rewrite); a live
     * row holding the expected record in a text shape other than ours (SQLite rows written by other software)
     * is updated once more, matching its expire_date text as read; any other live row is a
     * {@link ReplaceOutcome#CONFLICT}.
     */
    @Override
    public ReplaceOutcome replace(String key, SessionRecord expected, SessionRecord replacement) {
        Instant now = clock.instant();
        return writes.run("saving a session", jdbc, c -> {
            if (updateIfUnchanged(c, key, expected.data(), replacement, now,
                    (statement, index) -> expireDate.bind(statement, index, expected.expiresAt()))) {
                return ReplaceOutcome.REPLACED;
            }
            Optional<LiveRow> current = loadLiveRow(c, key, now);
            if (current.isEmpty()) {
                return ReplaceOutcome.MISSING;
            }
            SessionRecord stored = current.get().record();
            if (sameAtStoredPrecision(stored, replacement)) {
                return ReplaceOutcome.REPLACED;
            }
            Optional<String> storedText = current.get().storedExpireDate();
            // Still conditional on the data and the very text just read, and on being live: a row changed or
            // expired since is not touched, and the outcome is then a conflict like any other.
            if (storedText.isPresent() && sameAtStoredPrecision(stored, expected)
                    && updateIfUnchanged(c, key, expected.data(), replacement, now,
                            (statement, index) -> statement.setString(index, storedText.get()))) {
                return ReplaceOutcome.REPLACED;
            }
            return ReplaceOutcome.CONFLICT;
        });
    }

    /** Binds the expected expire_date of the conditional UPDATE as parameter {@code index}. */
    private interface ExpectedExpireDate {
        void bind(PreparedStatement statement, int index) throws SQLException;
    }

    private boolean updateIfUnchanged(Connection c, String key, String expectedData, SessionRecord replacement,
            Instant now, ExpectedExpireDate expectedExpireDate) throws SQLException {
        boolean expectsNull = UnreadableSessionData.isNull(expectedData);
        Optional<byte[]> expectedBytes = UnreadableSessionData.bytes(expectedData);
        String sql = expectsNull ? conditionalUpdateOfNull
                : expectedBytes.isPresent() ? conditionalUpdateOfBytes : conditionalUpdate;
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setString(1, replacement.data());
            expireDate.bind(statement, 2, replacement.expiresAt());
            statement.setString(3, key);
            int next = 4;
            if (expectedBytes.isPresent()) {
                dialect.bindExpectedBytes(statement, next++, expectedBytes.get());
            } else if (!expectsNull) {
                dialect.bindExpectedText(statement, next++, expectedData);
            }
            expectedExpireDate.bind(statement, next);
            expireDate.bind(statement, next + 1, now);
            return statement.executeUpdate() > 0;
        }
    }

    @Override
    public void delete(String key) {
        writes.run("deleting a session", jdbc, c -> {
            try (PreparedStatement statement = c.prepareStatement(delete)) {
                statement.setString(1, key);
                return statement.executeUpdate();
            }
        });
    }

    /**
     * Deletes rows with {@code expire_date < now} (Django's strict comparison) in batches of at most the
     * batch size, each its own short statement, so live traffic never waits behind one huge DELETE.
     *
     * <p>Only a batch that deletes nothing ends the loop: a batch comes back short whenever a row it picked was
     * deleted or saved by a request meanwhile, while other expired rows remain. With {@code now} fixed the
     * expired rows only ever become fewer, so the loop ends.
     */
    @Override
    public OptionalLong clearExpired(Predicate<SessionRecord> expired) {
        // Every row keeps its expire_date, so the rule is Django's SQL comparison with now.
        Instant now = clock.instant();
        long removed = 0;
        while (true) {
            int batch = writes.run("clearing expired sessions", jdbc,
                    c -> dialect.deleteExpiredBatch(c, table, expireDate, now, clearBatchSize));
            if (batch == 0) {
                return OptionalLong.of(removed);
            }
            removed += batch;
        }
    }

    private Optional<SessionRecord> loadLive(Connection c, String key, Instant now) throws SQLException {
        return loadLiveRow(c, key, now).map(LiveRow::record);
    }

    /** A live row: its record, and its expire_date as stored text where the column compares as text. */
    private record LiveRow(SessionRecord record, Optional<String> storedExpireDate) {
    }

    private Optional<LiveRow> loadLiveRow(Connection c, String key, Instant now) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(selectLive)) {
            statement.setString(1, key);
            expireDate.bind(statement, 2, now);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                String data = dialect.readSessionData(row, 1);
                try {
                    SessionRecord record = new SessionRecord(data, expireDate.read(row, 2));
                    return Optional.of(new LiveRow(record, expireDate.storedText(row, 2)));
                } catch (CorruptExpireDateException e) {
                    SecurityLog.suspiciousSession().warn("Session row in {} ignored: {}", table, e.getMessage());
                    return Optional.empty();
                }
            }
        }
    }

    /**
     * Whether two records hold the same row: a loaded record has no savedAt and the column keeps microseconds,
     * so only the data and the expiry at the column's precision take part.
     */
    private static boolean sameAtStoredPrecision(SessionRecord a, SessionRecord b) {
        return a.data().equals(b.data())
                && a.expiresAt().truncatedTo(ChronoUnit.MICROS).equals(b.expiresAt().truncatedTo(ChronoUnit.MICROS));
    }

    @Override
    public String toString() {
        return "DbSessionStore[" + dialect.name() + ", table " + table + ", expire_date as " + expireDate + "]";
    }
}
