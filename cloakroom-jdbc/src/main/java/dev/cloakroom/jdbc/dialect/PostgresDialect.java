package dev.cloakroom.jdbc.dialect;

import dev.cloakroom.jdbc.TableName;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** PostgreSQL: {@code timestamp with time zone} and, because the key is a varchar, Django's {@code _like} index. */
public final class PostgresDialect extends Dialect {

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public String driverArtifact() {
        return "org.postgresql:postgresql";
    }

    @Override
    public String quote(String identifier) {
        return '"' + identifier + '"';
    }

    @Override
    protected int maxIdentifierLength() {
        return 63;
    }

    @Override
    public String createTable(TableName table) {
        return "CREATE TABLE " + quote(table.name()) + " (\"session_key\" varchar(40) NOT NULL PRIMARY KEY, "
                + "\"session_data\" text NOT NULL, \"expire_date\" timestamp with time zone NOT NULL)";
    }

    @Override
    public String createMigrationLedger() {
        return "CREATE TABLE \"django_migrations\" (\"id\" serial NOT NULL PRIMARY KEY, "
                + "\"app\" varchar(255) NOT NULL, \"name\" varchar(255) NOT NULL, "
                + "\"applied\" timestamp with time zone NOT NULL)";
    }

    @Override
    public List<IndexDefinition> indexes(TableName table) {
        String like = DjangoIndexNames.indexName(table.name(), SESSION_KEY, "_like", maxIdentifierLength());
        IndexDefinition likeIndex = new IndexDefinition(like, SESSION_KEY, "CREATE INDEX " + quote(like) + " ON "
                + quote(table.name()) + " (" + quote(SESSION_KEY) + " varchar_pattern_ops)", false);
        return List.of(likeIndex, expireDateIndex(table));
    }

    @Override
    public ExpireDateColumn expireDateColumn(boolean useTz, ZoneId timeZone) {
        return new TimestampTzExpireDate();
    }

    @Override
    public int deleteExpiredBatch(Connection connection, TableName table, ExpireDateColumn expireDate, Instant now,
            int limit) throws SQLException {
        return deleteBySubquery(connection, table, expireDate, now, limit);
    }

    /**
     * {@code timestamptz} also holds {@code 'infinity'} and {@code '-infinity'}, which no Django writes (Python's
     * datetime cannot hold them): selected whatever their order, for {@link ExpireDateColumn#read} to refuse.
     */
    @Override
    public String liveOrMalformedExpiry(String quotedExpireDate) {
        return "(" + quotedExpireDate + " > ? OR NOT isfinite(" + quotedExpireDate + "))";
    }

    /** Only NULL is unreadable here: a text column holds valid text of the database's encoding, never NUL. */
    @Override
    public String readSessionData(ResultSet row, int index) throws SQLException {
        String text = row.getString(index);
        return text == null ? UnreadableSessionData.ofNull() : text;
    }

    /**
     * The SHA-256 of the stored text's UTF-8 bytes against that of the expected data: the conditional UPDATE
     * then carries 32 bytes instead of a second copy of the session (for a 4 KB session, half the statement),
     * and the server hashes the row it has already read. {@code sha256()} is PostgreSQL 11's.
     */
    @Override
    public String equalsExactly(String quotedColumn) {
        return "sha256(convert_to(" + quotedColumn + ", 'UTF8')) = ?";
    }

    @Override
    public void bindExpectedText(PreparedStatement statement, int index, String data) throws SQLException {
        statement.setBytes(index, Sha256.of(data.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String equalsBytes(String quotedColumn) {
        return equalsExactly(quotedColumn);
    }

    @Override
    public void bindExpectedBytes(PreparedStatement statement, int index, byte[] stored) throws SQLException {
        statement.setBytes(index, Sha256.of(stored));
    }

    @Override
    public Map<String, String> driverProperties(Duration connectTimeout, Duration waitTimeout) {
        String connectSeconds = Long.toString(Math.max(1, ceilSeconds(connectTimeout)));
        return Map.of("connectTimeout", connectSeconds, "loginTimeout", connectSeconds,
                "socketTimeout", Long.toString(Math.max(1, ceilSeconds(waitTimeout))));
    }

    private static long ceilSeconds(Duration duration) {
        return (duration.toMillis() + 999) / 1000;
    }

    @Override
    public Optional<TableShape> inspect(Connection connection, TableName table) throws SQLException {
        return shapeFrom(connection, table,
                "SELECT column_name FROM information_schema.columns"
                        + " WHERE table_schema = current_schema() AND table_name = ?",
                "SELECT i.relname, a.attname FROM pg_index x"
                        + " JOIN pg_class i ON i.oid = x.indexrelid"
                        + " JOIN pg_class t ON t.oid = x.indrelid"
                        + " JOIN pg_namespace n ON n.oid = t.relnamespace"
                        + " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]"
                        + " WHERE n.nspname = current_schema() AND t.relname = ?");
    }
}
