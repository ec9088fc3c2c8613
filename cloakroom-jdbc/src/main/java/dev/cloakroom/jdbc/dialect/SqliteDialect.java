package dev.cloakroom.jdbc.dialect;

import dev.cloakroom.jdbc.TableName;

import java.sql.Connection;
import java.sql.ResultSet;
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
    /** SQLite's extended result codes of a taken primary key and a violated unique index. */
    private static final int SQLITE_CONSTRAINT_PRIMARYKEY = 1555;
    private static final int SQLITE_CONSTRAINT_UNIQUE = 2067;
    /** sqlite3_open_v2's flag for opening read-write, without SQLITE_OPEN_CREATE. */
    private static final int SQLITE_OPEN_READWRITE = 0x2;

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
    public String createMigrationLedger() {
        return "CREATE TABLE \"django_migrations\" (\"id\" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "
                + "\"app\" varchar(255) NOT NULL, \"name\" varchar(255) NOT NULL, \"applied\" datetime NOT NULL)";
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

    /**
     * SQLite orders any number before any text, so an integer {@code expire_date} (or an empty text) compares
     * as long past; whatever is not text in Django's shape is selected too, for {@link ExpireDateColumn#read}
     * to refuse.
     */
    @Override
    public String liveOrMalformedExpiry(String quotedExpireDate) {
        return "(" + quotedExpireDate + " > ? OR typeof(" + quotedExpireDate + ") <> 'text' OR " + quotedExpireDate
                + " NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]*')";
    }

    /** SQLite compares a BLOB with text as unequal whatever their bytes, so the bytes are compared as BLOBs. */
    @Override
    public String equalsBytes(String quotedColumn) {
        return "CAST(" + quotedColumn + " AS BLOB) = ?";
    }

    /**
     * SQLite keeps whatever is written, whatever the declared type: a BLOB (which never equals a text
     * parameter) or text that is not UTF-8 is unreadable; its storage class tells which it is.
     */
    @Override
    public String readSessionData(ResultSet row, int index) throws SQLException {
        Object value = row.getObject(index);
        if (value == null) {
            return UnreadableSessionData.ofNull();
        }
        byte[] stored = row.getBytes(index);
        return value instanceof String ? UnreadableSessionData.ofBytes(stored)
                : UnreadableSessionData.ofNonText(stored);
    }

    /**
     * {@code waitTimeout} becomes the busy timeout: how long a writer waits for the write lock. Connections
     * open the file read-write without creating it (SQLITE_OPEN_READWRITE alone): a file deleted under a
     * running server must fail the connections opened afterwards, not give them a new, empty database.
     */
    @Override
    public Map<String, String> driverProperties(Duration connectTimeout, Duration waitTimeout) {
        return Map.of("journal_mode", "WAL", "busy_timeout", Long.toString(waitTimeout.toMillis()),
                "open_mode", Integer.toString(SQLITE_OPEN_READWRITE));
    }

    /** SQLite locks the whole database for a write; see {@code WriteQueue}. */
    @Override
    public boolean takesOneWriterAtATime() {
        return true;
    }

    @Override
    public Optional<TableShape> inspect(Connection connection, TableName table) throws SQLException {
        return shapeFrom(connection, table, "SELECT name FROM pragma_table_info(?)",
                "SELECT il.name, ii.name FROM pragma_index_list(?) AS il, pragma_index_info(il.name) AS ii"
                        + " WHERE ii.seqno = 0");
    }

    /**
     * The driver reports no SQLState and only the primary result code as the error code (19, any constraint);
     * which constraint failed it puts first in the message as the extended code's name, read here so that no
     * driver class is imported. Only that leading tag counts: the rest of the message can hold names a schema
     * chose. An extended code reported directly (1555, 2067) is taken as it is.
     */
    @Override
    protected boolean isUniqueViolation(SQLException e) {
        int code = e.getErrorCode();
        if (code == SQLITE_CONSTRAINT_PRIMARYKEY || code == SQLITE_CONSTRAINT_UNIQUE) {
            return true;
        }
        if (code != SQLITE_CONSTRAINT) {
            return false;
        }
        String message = e.getMessage();
        return message != null
                && (message.startsWith("[SQLITE_CONSTRAINT_PRIMARYKEY]") || message.startsWith("[SQLITE_CONSTRAINT_UNIQUE]"));
    }
}
