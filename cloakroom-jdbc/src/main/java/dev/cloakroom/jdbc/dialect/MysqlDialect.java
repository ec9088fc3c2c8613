package dev.cloakroom.jdbc.dialect;

import dev.cloakroom.jdbc.TableName;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * MySQL and MariaDB: {@code longtext} data and a naive {@code datetime(6)}, holding UTC under USE_TZ and
 * TIME_ZONE's local time otherwise, exactly as Django writes it.
 */
public final class MysqlDialect extends Dialect {
    private static final int ER_DUP_ENTRY = 1062;

    @Override
    public String name() {
        return "mysql";
    }

    @Override
    public String driverArtifact() {
        return "org.mariadb.jdbc:mariadb-java-client";
    }

    /**
     * MySQL and MariaDB report every integrity violation with SQLState 23000; only error 1062 (ER_DUP_ENTRY)
     * is a duplicate primary or unique key.
     */
    @Override
    protected boolean isUniqueViolation(SQLException e) {
        return e.getErrorCode() == ER_DUP_ENTRY;
    }

    @Override
    public String quote(String identifier) {
        return '`' + identifier + '`';
    }

    @Override
    protected int maxIdentifierLength() {
        return 64;
    }

    @Override
    public String createTable(TableName table) {
        return "CREATE TABLE " + quote(table.name()) + " (`session_key` varchar(40) NOT NULL PRIMARY KEY, "
                + "`session_data` longtext NOT NULL, `expire_date` datetime(6) NOT NULL)";
    }

    @Override
    public String createMigrationLedger() {
        return "CREATE TABLE `django_migrations` (`id` integer AUTO_INCREMENT NOT NULL PRIMARY KEY, "
                + "`app` varchar(255) NOT NULL, `name` varchar(255) NOT NULL, `applied` datetime(6) NOT NULL)";
    }

    @Override
    public List<IndexDefinition> indexes(TableName table) {
        return List.of(expireDateIndex(table));
    }

    @Override
    public ExpireDateColumn expireDateColumn(boolean useTz, ZoneId timeZone) {
        return new NaiveTextExpireDate(naiveZone(useTz, timeZone));
    }

    /** MySQL refuses LIMIT in an IN subquery but has {@code DELETE ... LIMIT}; ORDER BY keeps it deterministic. */
    @Override
    public int deleteExpiredBatch(Connection connection, TableName table, ExpireDateColumn expireDate, Instant now,
            int limit) throws SQLException {
        String expire = quote(EXPIRE_DATE);
        String sql = "DELETE FROM " + quote(table.name()) + " WHERE " + expire + " < ? ORDER BY " + expire
                + " LIMIT ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            expireDate.bind(statement, 1, now);
            statement.setInt(2, limit);
            return statement.executeUpdate();
        }
    }

    /**
     * The SHA-256 of the stored bytes against that of the expected data, which compares byte for byte (the
     * default collations ignore case and trailing spaces) and keeps the statement small: the server refuses
     * a statement larger than max_allowed_packet (16 MiB by default), and one carrying both the new and the
     * expected data of a session of 8 MiB would exceed it, failing every later save of that session.
     */
    @Override
    public String equalsExactly(String quotedColumn) {
        return "SHA2(" + quotedColumn + ", 256) = ?";
    }

    @Override
    public void bindExpectedText(PreparedStatement statement, int index, String data) throws SQLException {
        statement.setString(index, sha256Hex(data.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String equalsBytes(String quotedColumn) {
        return equalsExactly(quotedColumn);
    }

    @Override
    public void bindExpectedBytes(PreparedStatement statement, int index, byte[] stored) throws SQLException {
        statement.setString(index, sha256Hex(stored));
    }

    /** SHA2()'s result: lower-case hex. */
    private static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(Sha256.of(bytes));
    }

    /** Both MariaDB Connector/J and MySQL Connector/J take these in milliseconds. */
    @Override
    public Map<String, String> driverProperties(Duration connectTimeout, Duration waitTimeout) {
        return Map.of("connectTimeout", Long.toString(connectTimeout.toMillis()),
                "socketTimeout", Long.toString(waitTimeout.toMillis()));
    }

    @Override
    public Optional<TableShape> inspect(Connection connection, TableName table) throws SQLException {
        return shapeFrom(connection, table,
                "SELECT column_name FROM information_schema.columns"
                        + " WHERE table_schema = DATABASE() AND table_name = ?",
                "SELECT index_name, column_name FROM information_schema.statistics"
                        + " WHERE table_schema = DATABASE() AND table_name = ? AND seq_in_index = 1");
    }
}
