package dev.cloakroom.jdbc.schema;

import dev.cloakroom.jdbc.support.RequiresDatabase;
import dev.cloakroom.jdbc.support.TestDatabase;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

@RequiresDatabase(TestDatabase.MARIADB)
class MariaDbSchemaMigratorTest extends SchemaMigratorContract {

    @Override
    List<String> djangosDdl() {
        return List.of(
                "CREATE TABLE `django_session` (`session_key` varchar(40) NOT NULL PRIMARY KEY, `session_data` longtext NOT NULL, `expire_date` datetime(6) NOT NULL)",
                "CREATE INDEX `django_session_expire_date_a5c62663` ON `django_session` (`expire_date`)");
    }

    @Override
    List<String> djangosSchema() {
        return List.of(
                "column session_key varchar(40) NOT NULL PRI",
                "column session_data longtext NOT NULL ",
                "column expire_date datetime(6) NOT NULL MUL",
                "index PRIMARY 1 session_key unique",
                "index django_session_expire_date_a5c62663 1 expire_date non-unique");
    }

    @Override
    String djangoMigrationsDdl() {
        return "CREATE TABLE `django_migrations` (`id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY, "
                + "`app` varchar(255) NOT NULL, `name` varchar(255) NOT NULL, `applied` datetime(6) NOT NULL)";
    }

    @Override
    List<String> djangosIndexNames() {
        return List.of("django_session_expire_date_a5c62663");
    }

    @Override
    List<String> schemaSnapshot(Connection c) throws SQLException {
        List<String> lines = new ArrayList<>(lines(c, "SELECT CONCAT('column ', column_name, ' ', column_type,"
                + " IF(is_nullable = 'NO', ' NOT NULL ', ' NULL '), column_key) FROM information_schema.columns"
                + " WHERE table_schema = DATABASE() AND table_name = 'django_session' ORDER BY ordinal_position"));
        lines.addAll(lines(c, "SELECT CONCAT('index ', index_name, ' ', seq_in_index, ' ', column_name, ' ',"
                + " IF(non_unique = 0, 'unique', 'non-unique')) FROM information_schema.statistics"
                + " WHERE table_schema = DATABASE() AND table_name = 'django_session'"
                + " ORDER BY index_name = 'PRIMARY' DESC, index_name, seq_in_index"));
        return lines;
    }

    @Override
    List<String> ledgerColumns(Connection c) throws SQLException {
        return lines(c, "SELECT CONCAT(column_name, ' ', column_type, IF(is_nullable = 'NO', ' NOT NULL', ' NULL'),"
                + " IF(extra = '', '', CONCAT(' ', extra)), IF(column_key = '', '', CONCAT(' ', column_key)))"
                + " FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND table_name = 'django_migrations' ORDER BY ordinal_position");
    }

    @Override
    List<String> djangosLedgerColumns() {
        // Django 3.2: `id` integer AUTO_INCREMENT NOT NULL PRIMARY KEY, two varchar(255), `applied` datetime(6)
        return List.of("id int(11) NOT NULL auto_increment PRI", "app varchar(255) NOT NULL",
                "name varchar(255) NOT NULL", "applied datetime(6) NOT NULL");
    }
}
