package dev.cloakroom.jdbc.schema;

import dev.cloakroom.jdbc.TableName;
import dev.cloakroom.jdbc.dialect.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Django's own bookkeeping for the session table: when a Django project shares the database (it has a
 * {@code django_migrations} table), a {@code django_session} we created must be recorded as migration
 * {@code sessions.0001_initial}, or Django's next {@code migrate} would try to create the table again and
 * fail. Nothing is written when there is no such table or the migration is already recorded.
 */
final class DjangoMigrationRecord {
    static final String APP = "sessions";
    static final String NAME = "0001_initial";
    private static final TableName MIGRATIONS = TableName.of("django_migrations");

    private DjangoMigrationRecord() {
    }

    /** Records the migration if Django keeps a ledger here and lacks it; returns whether it wrote. */
    static boolean recordIfNeeded(Connection c, Dialect dialect, TableName sessionTable) throws SQLException {
        if (!TableName.DJANGO_DEFAULT.equals(sessionTable.name()) || dialect.inspect(c, MIGRATIONS).isEmpty()) {
            return false;
        }
        String table = dialect.quote(MIGRATIONS.name());
        String app = dialect.quote("app");
        String name = dialect.quote("name");
        try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM " + table + " WHERE " + app + " = ? AND "
                + name + " = ?")) {
            select.setString(1, APP);
            select.setString(2, NAME);
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    return false;
                }
            }
        }
        // "applied" is informational to Django; the database's own clock is good enough for it
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " (" + app + ", " + name + ", "
                + dialect.quote("applied") + ") VALUES (?, ?, CURRENT_TIMESTAMP)")) {
            insert.setString(1, APP);
            insert.setString(2, NAME);
            insert.executeUpdate();
        }
        return true;
    }
}
