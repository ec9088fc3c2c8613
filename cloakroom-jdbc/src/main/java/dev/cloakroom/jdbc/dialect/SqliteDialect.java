package dev.cloakroom.jdbc.dialect;

import dev.cloakroom.jdbc.TableName;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SQLite, the embedded default. Django stores {@code expire_date} there as text (reference section 2.1),
 * and connections run in WAL mode with a busy timeout so that concurrent writers queue instead of failing
 * with "database is locked".
 */
public final class SqliteDialect extends Dialect {
    /** SQLite's primary result code for a violated constraint. */
    private static final int SQLITE_CONSTRAINT = 19;

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public String driverArtifact() {
        return "org.xerial:sqlite-jdbc";
    }

    @Override
    public String quote(String identifier) {
        return '"' + identifier + '"';
    }

    @Override
    protected int maxIdentifierLength() {
        return 200;
    }

    @Override
    public String createTable(TableName table) {
        return "CREATE TABLE " + quote(table.name()) + " (\"session_key\" varchar(40) NOT NULL PRIMARY KEY, "
                + "\"session_data\" text NOT NULL, \"expire_date\" datetime NOT NULL)";
    }

    @Override
    public List<IndexDefinition> indexes(TableName table) {
        return List.of(expireDateIndex(table));
    }

    @Override
    public ExpireDateColumn expireDateColumn(boolean useTz, ZoneId timeZone) {
        return new NaiveTextExpireDate(naiveZone(useTz, timeZone));
    }

    @Override
    public int deleteExpiredBatch(Connection connection, TableName table, ExpireDateColumn expireDate, Instant now,
            int limit) throws SQLException {
        return deleteBySubquery(connection, table, expireDate, now, limit);
    }

    /** {@code waitTimeout} becomes the busy timeout: how long a writer waits for the write lock. */
    @Override
    public Map<String, String> driverProperties(Duration connectTimeout, Duration waitTimeout) {
        return Map.of("journal_mode", "WAL", "busy_timeout", Long.toString(waitTimeout.toMillis()));
    }

    @Override
    public Optional<TableShape> inspect(Connection connection, TableName table) throws SQLException {
        return shapeFrom(connection, table, "SELECT name FROM pragma_table_info(?)",
                "SELECT il.name, ii.name FROM pragma_index_list(?) AS il, pragma_index_info(il.name) AS ii"
                        + " WHERE ii.seqno = 0");
    }

    /**
     * The driver reports no SQLState and only the primary result code as the error code: 19, any constraint.
     * Which constraint is in the message, read here so that no driver class is imported: the driver names the
     * extended code ({@code [SQLITE_CONSTRAINT_PRIMARYKEY]}, {@code [SQLITE_CONSTRAINT_UNIQUE]}) and SQLite
     * itself says {@code UNIQUE constraint failed} for both, unlike NOT NULL, CHECK or FOREIGN KEY failures.
     */
    @Override
    protected boolean isUniqueViolation(SQLException e) {
        String message = e.getMessage();
        return e.getErrorCode() == SQLITE_CONSTRAINT && message != null
                && (message.contains("[SQLITE_CONSTRAINT_PRIMARYKEY]") || message.contains("[SQLITE_CONSTRAINT_UNIQUE]")
                        || message.contains("UNIQUE constraint failed"));
    }
}
