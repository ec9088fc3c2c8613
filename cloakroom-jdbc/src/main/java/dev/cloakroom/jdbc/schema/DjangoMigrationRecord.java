package dev.cloakroom.jdbc.schema;

import dev.cloakroom.jdbc.TableName;
import dev.cloakroom.jdbc.dialect.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Django's own bookkeeping for the session table. Django creates {@code django_session} through migration
 * {@code sessions.0001_initial} and keeps the migrations it applied in {@code django_migrations}; a table we
 * created without that record would make Django's next {@code manage.py migrate} try to create it again and
 * fail with "already exists". So once {@code django_session} is in place, the ledger is created with
 * Django's DDL when the database has none, and the migration is recorded unless it already is. Either side
 * can then migrate first. A table under another name is not Django's migration and is never recorded.
 */
final class DjangoMigrationRecord {
    static final String APP = "sessions";
    static final String NAME = "0001_initial";
    static final TableName LEDGER = TableName.of("django_migrations");

    /** What {@link #recordIfNeeded} wrote. */
    record Outcome(boolean ledgerCreated, boolean recorded) {
        static final Outcome NOTHING = new Outcome(false, false);
    }

    private DjangoMigrationRecord() {
    }

    static Outcome recordIfNeeded(Connection c, Dialect dialect, TableName sessionTable) throws SQLException {
        if (!TableName.DJANGO_DEFAULT.equals(sessionTable.name())) {
            return Outcome.NOTHING;
        }
        boolean ledgerExists = dialect.inspect(c, LEDGER).isPresent();
        if (ledgerExists && isRecorded(c, dialect)) {
            return Outcome.NOTHING;
        }
        boolean inserted = Transactions.inOne(c, connection -> {
            if (!ledgerExists) {
                try (Statement create = connection.createStatement()) {
                    // IF NOT EXISTS: another migrate (a second instance starting) may have created it since
                    create.execute(dialect.createMigrationLedger().replaceFirst("^CREATE TABLE ",
                            "CREATE TABLE IF NOT EXISTS "));
                }
            }
            // Checked again inside the transaction, for the same reason; MySQL commits the CREATE by itself,
            // so there a failed insert leaves an empty ledger behind, which the next migrate fills in.
            if (isRecorded(connection, dialect)) {
                return false;
            }
            insertRecord(connection, dialect);
            return true;
        });
        return new Outcome(!ledgerExists, inserted);
    }

    private static boolean isRecorded(Connection c, Dialect dialect) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM " + dialect.quote(LEDGER.name())
                + " WHERE " + dialect.quote("app") + " = ? AND " + dialect.quote("name") + " = ?")) {
            select.setString(1, APP);
            select.setString(2, NAME);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    private static void insertRecord(Connection c, Dialect dialect) throws SQLException {
        // "applied" is informational to Django; the database's own clock is good enough for it
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + dialect.quote(LEDGER.name()) + " ("
                + dialect.quote("app") + ", " + dialect.quote("name") + ", " + dialect.quote("applied")
                + ") VALUES (?, ?, CURRENT_TIMESTAMP)")) {
            insert.setString(1, APP);
            insert.setString(2, NAME);
            insert.executeUpdate();
        }
    }
}
