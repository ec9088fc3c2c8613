package dev.cloakroom.jdbc.dialect;

import dev.cloakroom.jdbc.TableName;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What differs between the supported databases: Django's DDL for the session table, how
 * {@code expire_date} is represented, how expired rows are deleted in bounded batches, how a duplicate key
 * is reported, and how to look at an existing table. Everything else is portable SQL in the store.
 */
public abstract class Dialect {
    static final String SESSION_KEY = "session_key";
    static final String SESSION_DATA = "session_data";
    static final String EXPIRE_DATE = "expire_date";

    /** A short name for messages: {@code sqlite}, {@code postgresql}, {@code mysql}. */
    public abstract String name();

    /** The Maven coordinates of the JDBC driver this database needs, for the message when it is missing. */
    public abstract String driverArtifact();

    /** Quotes an identifier (already validated as plain) as Django's backend does. */
    public abstract String quote(String identifier);

    /** The longest identifier Django's backend allows, which shapes index names. */
    protected abstract int maxIdentifierLength();

    /** Django's {@code CREATE TABLE} for the session table on this database, verbatim (reference section 4). */
    public abstract String createTable(TableName table);

    /** Django's indexes for the session table, in the order its migration creates them. */
    public abstract List<IndexDefinition> indexes(TableName table);

    /**
     * Django's {@code CREATE TABLE django_migrations} on this database, verbatim as Django 3.2's migration
     * recorder issues it; later Django versions read a ledger of this shape unchanged.
     */
    public abstract String createMigrationLedger();

    /** How {@code expire_date} is written and read under USE_TZ / TIME_ZONE, as Django does it here. */
    public abstract ExpireDateColumn expireDateColumn(boolean useTz, ZoneId timeZone);

    /**
     * Deletes at most {@code limit} rows with {@code expire_date < now} in one statement (so one short
     * transaction in autocommit) and returns how many went.
     */
    public abstract int deleteExpiredBatch(Connection connection, TableName table, ExpireDateColumn expireDate,
            Instant now, int limit) throws SQLException;

    /**
     * The condition of a load: {@code expire_date} later than one parameter (now), as Django selects a live
     * row, or a value that Django could never have written, so that such a row is read, reported as corrupt
     * and taken for no session rather than silently passed over as an expired one.
     */
    public String liveOrMalformedExpiry(String quotedExpireDate) {
        return quotedExpireDate + " > ?";
    }

    /**
     * A condition comparing {@code quotedColumn} with one text parameter character for character. Plain
     * {@code =} does that everywhere but on MySQL, whose default collations ignore case and trailing spaces.
     * Server databases compare a digest instead, so that the statement does not carry the old value back
     * (PostgreSQL, MySQL); SQLite keeps the plain comparison, since it runs in the process and a parameter
     * costs it a memory copy, not bytes on a connection.
     */
    public String equalsExactly(String quotedColumn) {
        return quotedColumn + " = ?";
    }

    /** Binds the data {@link #equalsExactly} compares with as parameter {@code index}. */
    public void bindExpectedText(PreparedStatement statement, int index, String data) throws SQLException {
        statement.setString(index, data);
    }

    /**
     * A condition comparing the bytes {@code quotedColumn} holds with one parameter, for a row whose value is
     * no readable text (see {@link UnreadableSessionData}).
     */
    public abstract String equalsBytes(String quotedColumn);

    /** Binds the bytes {@link #equalsBytes} compares with as parameter {@code index}. */
    public void bindExpectedBytes(PreparedStatement statement, int index, byte[] stored) throws SQLException {
        statement.setBytes(index, stored);
    }

    /**
     * Column {@code index} of the current row as a record's data: the stored text when it is UTF-8 text, else
     * an {@link UnreadableSessionData} stand-in for the value as stored (NULL, bytes that are not UTF-8). Reads
     * the bytes, so a value is never silently decoded with replacement characters that the conditional
     * UPDATE could then never match.
     */
    public String readSessionData(ResultSet row, int index) throws SQLException {
        byte[] stored = row.getBytes(index);
        return stored == null ? UnreadableSessionData.ofNull() : UnreadableSessionData.ofBytes(stored);
    }

    /**
     * A batch for databases without {@code DELETE ... LIMIT} (SQLite as usually compiled, PostgreSQL): the
     * keys come from a limited subquery, and the outer condition repeats the cutoff so that a row revived by
     * a concurrent update between subquery and delete is re-checked and kept.
     */
    protected final int deleteBySubquery(Connection connection, TableName table, ExpireDateColumn expireDate,
            Instant now, int limit) throws SQLException {
        String t = quote(table.name());
        String key = quote(SESSION_KEY);
        String expire = quote(EXPIRE_DATE);
        String sql = "DELETE FROM " + t + " WHERE " + expire + " < ? AND " + key + " IN (SELECT " + key + " FROM "
                + t + " WHERE " + expire + " < ? LIMIT ?)";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            expireDate.bind(statement, 1, now);
            expireDate.bind(statement, 2, now);
            statement.setInt(3, limit);
            return statement.executeUpdate();
        }
    }

    /**
     * Whether the database lets one writer in at a time and makes the others sleep and retry, so that the
     * store does better to queue its writes itself. False by default: servers lock rows, not the database.
     */
    public boolean takesOneWriterAtATime() {
        return false;
    }

    /** Driver properties that bound connecting and waiting, or configure the connection. */
    public abstract Map<String, String> driverProperties(Duration connectTimeout, Duration socketTimeout);

    /** The table's columns and indexes, or empty when no such table exists in the current schema. */
    public abstract Optional<TableShape> inspect(Connection connection, TableName table) throws SQLException;

    /** The zone naive values are in: UTC under USE_TZ, TIME_ZONE otherwise (Django's {@code timezone.now()}). */
    static ZoneId naiveZone(boolean useTz, ZoneId timeZone) {
        return useTz ? ZoneOffset.UTC : timeZone;
    }

    /**
     * Whether {@code e} (or an SQLException it was caused by) reports a primary-key or unique violation, which
     * for an INSERT into the session table means the key is taken. Any other integrity violation (a NOT NULL
     * column the table gained, a check, a foreign key) is not: the caller lets it fail with the database's
     * message instead of reporting a taken key, which would make the core retry with fresh keys in vain.
     */
    public final boolean isDuplicateKey(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && isUniqueViolation(sql)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether this one exception, not its causes, is a primary-key or unique violation. By default SQLState
     * 23505 (unique_violation), as PostgreSQL reports it; the rest of class 23 is other constraints.
     */
    protected boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    /** Every statement creating the schema from nothing: the table, then its indexes. */
    public List<String> createStatements(TableName table) {
        List<String> statements = new ArrayList<>();
        statements.add(createTable(table));
        indexes(table).forEach(index -> statements.add(index.ddl()));
        return statements;
    }

    /** Django's plain index on {@code expire_date}. */
    protected IndexDefinition expireDateIndex(TableName table) {
        String name = DjangoIndexNames.indexName(table.name(), EXPIRE_DATE, "", maxIdentifierLength());
        return new IndexDefinition(name, EXPIRE_DATE, "CREATE INDEX " + quote(name) + " ON " + quote(table.name())
                + " (" + quote(EXPIRE_DATE) + ")", true);
    }

    /** Runs a two-column query with one parameter, the table name, into a map of lower-cased values. */
    protected static Map<String, String> queryPairs(Connection connection, String sql, TableName table)
            throws SQLException {
        Map<String, String> pairs = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, table.name());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    pairs.put(rows.getString(1), rows.getString(2).toLowerCase(Locale.ROOT));
                }
            }
        }
        return pairs;
    }

    /** A shape from column and index queries (each taking the table name), empty when there are no columns. */
    protected static Optional<TableShape> shapeFrom(Connection connection, TableName table, String columnsSql,
            String indexesSql) throws SQLException {
        Set<String> columns = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(columnsSql)) {
            statement.setString(1, table.name());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    columns.add(rows.getString(1).toLowerCase(Locale.ROOT));
                }
            }
        }
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TableShape(columns, queryPairs(connection, indexesSql, table)));
    }

    @Override
    public String toString() {
        return name();
    }
}
