package dev.cloakroom.jdbc.schema;

import dev.cloakroom.jdbc.support.RequiresDatabase;
import dev.cloakroom.jdbc.support.TestDatabase;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

@RequiresDatabase(TestDatabase.POSTGRES)
class PostgresSchemaMigratorTest extends SchemaMigratorContract {

    @Override
    List<String> djangosDdl() {
        return List.of(
                "CREATE TABLE \"django_session\" (\"session_key\" varchar(40) NOT NULL PRIMARY KEY, \"session_data\" text NOT NULL, \"expire_date\" timestamp with time zone NOT NULL)",
                "CREATE INDEX \"django_session_session_key_c0390e0f_like\" ON \"django_session\" (\"session_key\" varchar_pattern_ops)",
                "CREATE INDEX \"django_session_expire_date_a5c62663\" ON \"django_session\" (\"expire_date\")");
    }

    @Override
    List<String> djangosSchema() {
        return List.of(
                "column session_key character varying(40) NOT NULL",
                "column session_data text NOT NULL",
                "column expire_date timestamp with time zone NOT NULL",
                "index django_session_expire_date_a5c62663: CREATE INDEX django_session_expire_date_a5c62663 ON django_session USING btree (expire_date)",
                "index django_session_pkey: CREATE UNIQUE INDEX django_session_pkey ON django_session USING btree (session_key)",
                "index django_session_session_key_c0390e0f_like: CREATE INDEX django_session_session_key_c0390e0f_like ON django_session USING btree (session_key varchar_pattern_ops)",
                "primary key session_key");
    }

    @Override
    List<String> djangosIndexNames() {
        return List.of("django_session_session_key_c0390e0f_like", "django_session_expire_date_a5c62663");
    }

    @Override
    List<String> schemaSnapshot(Connection c) throws SQLException {
        List<String> lines = new ArrayList<>(lines(c, "SELECT 'column ' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)"
                + " || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END FROM pg_attribute a"
                + " WHERE a.attrelid = to_regclass('django_session') AND a.attnum > 0 AND NOT a.attisdropped"
                + " ORDER BY a.attnum"));
        lines.addAll(lines(c, "SELECT 'index ' || indexname || ': ' || replace(indexdef, schemaname || '.', '')"
                + " FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'django_session'"
                + " ORDER BY indexname"));
        lines.addAll(lines(c, "SELECT 'primary key ' || a.attname FROM pg_constraint k"
                + " JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)"
                + " WHERE k.contype = 'p' AND k.conrelid = to_regclass('django_session')"));
        return lines;
    }
}
