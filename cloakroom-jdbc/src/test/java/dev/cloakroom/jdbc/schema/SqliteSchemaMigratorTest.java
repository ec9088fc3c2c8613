package dev.cloakroom.jdbc.schema;

import dev.cloakroom.jdbc.support.RequiresDatabase;
import dev.cloakroom.jdbc.support.TestDatabase;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** SQLite keeps the text of every CREATE statement, so the schema is compared with Django's DDL verbatim. */
@RequiresDatabase(TestDatabase.SQLITE)
class SqliteSchemaMigratorTest extends SchemaMigratorContract {
    static final List<String> DJANGO_DDL = List.of(
            "CREATE TABLE \"django_session\" (\"session_key\" varchar(40) NOT NULL PRIMARY KEY, \"session_data\" text NOT NULL, \"expire_date\" datetime NOT NULL)",
            "CREATE INDEX \"django_session_expire_date_a5c62663\" ON \"django_session\" (\"expire_date\")");

    @Override
    List<String> djangosDdl() {
        return DJANGO_DDL;
    }

    @Override
    List<String> djangosSchema() {
        return List.of(
                "table django_session: " + DJANGO_DDL.get(0),
                "index django_session_expire_date_a5c62663: " + DJANGO_DDL.get(1),
                "index sqlite_autoindex_django_session_1: null");
    }

    @Override
    String djangoMigrationsDdl() {
        return "CREATE TABLE \"django_migrations\" (\"id\" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "
                + "\"app\" varchar(255) NOT NULL, \"name\" varchar(255) NOT NULL, \"applied\" datetime NOT NULL)";
    }

    @Override
    List<String> djangosIndexNames() {
        return List.of("django_session_expire_date_a5c62663");
    }

    @Override
    List<String> schemaSnapshot(Connection c) throws SQLException {
        return lines(c, "SELECT type || ' ' || name || ': ' || coalesce(sql, 'null') FROM sqlite_master"
                + " WHERE tbl_name = 'django_session' ORDER BY name");
    }

    @Override
    List<String> ledgerColumns(Connection c) throws SQLException {
        return lines(c, "SELECT sql FROM sqlite_master WHERE name = 'django_migrations'");
    }

    @Override
    List<String> djangosLedgerColumns() {
        // Django 3.2's schema editor for MigrationRecorder.Migration, collected with collect_sql=True
        return List.of("CREATE TABLE \"django_migrations\" (\"id\" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "
                + "\"app\" varchar(255) NOT NULL, \"name\" varchar(255) NOT NULL, \"applied\" datetime NOT NULL)");
    }
}
