package dev.cloakroom.jdbc.dialect;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The dialect tells a taken key from other constraint violations by what the {@link SQLException} carries,
 * without the driver's own exception classes; these run the real driver to pin down what it reports.
 */
class SqliteDialectTest {
    private final SqliteDialect dialect = new SqliteDialect();
    private Connection connection;

    @BeforeEach
    void openDatabase() throws SQLException {
        connection = DriverManager.getConnection("jdbc:sqlite::memory:");
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA foreign_keys = ON");
            s.execute("CREATE TABLE parent (id integer PRIMARY KEY)");
            s.execute("CREATE TABLE t (\"session_key\" varchar(40) NOT NULL PRIMARY KEY, u text UNIQUE, n text NOT NULL,"
                    + " c text CONSTRAINT \"UNIQUE constraint failed\" CHECK (c <> 'refused'),"
                    + " p integer REFERENCES parent (id))");
            s.execute("CREATE TABLE rowid_keyed (id integer PRIMARY KEY)");
            s.execute("INSERT INTO t VALUES ('taken', 'used', 'n', 'ok', NULL)");
            s.execute("INSERT INTO rowid_keyed VALUES (1)");
        }
    }

    @AfterEach
    void closeDatabase() throws SQLException {
        connection.close();
    }

    private SQLException failure(String sql) {
        return catchThrowableOfType(SQLException.class, () -> {
            try (Statement s = connection.createStatement()) {
                s.executeUpdate(sql);
            }
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "INSERT INTO t VALUES ('taken', 'other', 'n', 'ok', NULL)",
            "INSERT INTO t VALUES ('fresh', 'used', 'n', 'ok', NULL)",
            "INSERT INTO rowid_keyed VALUES (1)"})
    void aPrimaryKeyOrUniqueViolationIsADuplicateKey(String sql) {
        SQLException e = failure(sql);

        assertThat(e.getErrorCode()).as("the driver's error code is the primary code, SQLITE_CONSTRAINT").isEqualTo(19);
        assertThat(dialect.isDuplicateKey(e)).isTrue();
    }

    /** The CHECK constraint is named like SQLite's unique-violation text, which must not mislead the dialect. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "INSERT INTO t VALUES ('k1', 'a', NULL, 'ok', NULL)",
            "INSERT INTO t VALUES ('k2', 'b', 'n', 'refused', NULL)",
            "INSERT INTO t VALUES ('k3', 'c', 'n', 'ok', 42)"})
    void anotherConstraintViolationIsNotADuplicateKey(String sql) {
        SQLException e = failure(sql);

        assertThat(e.getErrorCode()).isEqualTo(19);
        assertThat(dialect.isDuplicateKey(e)).isFalse();
    }

    @Test
    void anErrorThatIsNoConstraintViolationIsNotADuplicateKey() {
        SQLException e = failure("INSERT INTO missing_table VALUES (1)");

        assertThat(dialect.isDuplicateKey(e)).isFalse();
    }

    @Test
    void aWrappedViolationIsFoundAmongTheCauses() {
        SQLException cause = failure("INSERT INTO t VALUES ('taken', 'other', 'n', 'ok', NULL)");

        assertThat(dialect.isDuplicateKey(new SQLException("wrapped by a pool", cause))).isTrue();
    }

    @Test
    void aDriverReportingExtendedResultCodesAsTheErrorCodeIsUnderstoodToo() {
        assertThat(dialect.isDuplicateKey(new SQLException("constraint failed", null, 1555))).isTrue();
        assertThat(dialect.isDuplicateKey(new SQLException("constraint failed", null, 2067))).isTrue();
        assertThat(dialect.isDuplicateKey(new SQLException("constraint failed", null, 1299))).isFalse();
        assertThat(dialect.isDuplicateKey(new SQLException("constraint failed", null, 275))).isFalse();
        assertThat(dialect.isDuplicateKey(new SQLException(null, null, 19))).isFalse();
    }
}
