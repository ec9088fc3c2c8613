package dev.cloakroom.demo;

import dev.cloakroom.settings.SessionSettings;
import org.junit.jupiter.api.Nested;

import java.util.List;

/** The hostile-input suite on the db engine, over SQLite, PostgreSQL and MariaDB. */
class HostileInputOnDbTest {
    /** What every database adds to the common cases. */
    abstract static class OnDatabase extends HostileInputContract {
        HostileDatabase database;

        abstract HostileDatabase.Kind kind();

        @Override
        SessionSettings.Builder settings(SessionSettings.Builder base) throws Exception {
            database = new HostileDatabase(kind());
            return database.connect(base.engine("db"));
        }

        @Override
        String plant(String data) throws Exception {
            return database.insert(data);
        }

        @Override
        boolean hasRecord(String key) throws Exception {
            return database.hasRow(key);
        }

        @Override
        void cleanUp() throws Exception {
            if (database != null) {
                database.close();
            }
        }

        @Override
        List<BadRecord> storeSpecificRecords() {
            return List.of(new BadRecord("expired row", () -> database.insertLiterals("'x'", "'2001-01-01 00:00:00'"),
                    false));
        }
    }

    @Nested
    class Sqlite extends OnDatabase {
        @Override
        HostileDatabase.Kind kind() {
            return HostileDatabase.Kind.SQLITE;
        }

        @Override
        List<BadRecord> storeSpecificRecords() {
            List<BadRecord> records = new java.util.ArrayList<>(super.storeSpecificRecords());
            // SQLite's columns take any type, whatever the table says
            records.add(new BadRecord("a BLOB", () -> database.insertLiterals("X'00FF10AB'", "'2099-01-01 00:00:00'"),
                    true));
            records.add(new BadRecord("an integer", () -> database.insertLiterals("42", "'2099-01-01 00:00:00'"),
                    true));
            records.add(new BadRecord("expire_date not a date",
                    () -> database.insertLiterals("'x'", "'not a date'"), true));
            // SQLite orders every number (and the empty text) before a date's text: not to be passed over as expired
            records.add(new BadRecord("expire_date an integer", () -> database.insertLiterals("'x'", "12345"),
                    true));
            records.add(new BadRecord("expire_date empty", () -> database.insertLiterals("'x'", "''"), true));
            return records;
        }
    }

    @Nested
    class Postgres extends OnDatabase {
        @Override
        HostileDatabase.Kind kind() {
            return HostileDatabase.Kind.POSTGRES;
        }

        @Override
        List<BadRecord> storeSpecificRecords() {
            List<BadRecord> records = new java.util.ArrayList<>(super.storeSpecificRecords());
            records.add(new BadRecord("NULL session_data", () -> {
                database.execute("ALTER TABLE django_session ALTER COLUMN session_data DROP NOT NULL");
                return database.insertLiterals("NULL", "'2099-01-01 00:00:00+00'");
            }, true));
            // timestamptz holds what Python's datetime cannot
            records.add(new BadRecord("expire_date infinity", () -> database.insertLiterals("'x'", "'infinity'"),
                    true));
            records.add(new BadRecord("expire_date -infinity", () -> database.insertLiterals("'x'", "'-infinity'"),
                    true));
            return records;
        }
    }

    @Nested
    class MariaDb extends OnDatabase {
        @Override
        HostileDatabase.Kind kind() {
            return HostileDatabase.Kind.MARIADB;
        }

        @Override
        List<BadRecord> storeSpecificRecords() {
            List<BadRecord> records = new java.util.ArrayList<>(super.storeSpecificRecords());
            records.add(new BadRecord("NULL session_data", () -> {
                database.execute("ALTER TABLE django_session MODIFY session_data longtext NULL");
                return database.insertLiterals("NULL", "'2099-01-01 00:00:00'");
            }, true));
            records.add(new BadRecord("expire_date at the end of time",
                    () -> database.insertLiterals("'x'", "'9999-12-31 23:59:59'"), true));
            return records;
        }
    }
}
