package dev.cloakroom.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static dev.cloakroom.cli.EncodeDecodeCommandTest.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * migrate and the db and cached_db engines' clearsessions on an SQLite file (the embedded default; no server
 * needed).
 */
class MigrateCommandTest {
    @TempDir
    Path dir;

    private String url() {
        return "jdbc:sqlite:" + dir.resolve("sessions.sqlite3");
    }

    private Cli cli() {
        return new Cli().env("SECRET_KEY", SECRET).env("DATABASE_URL", url());
    }

    @Test
    void createsDjangosTableAndSaysSo() throws SQLException {
        Cli.Result result = cli().run("migrate");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).startsWith("Created table django_session").hasLineCount(1);
        assertThat(columnsOf("django_session")).containsExactlyInAnyOrder("session_key", "session_data",
                "expire_date");
    }

    @Test
    void runningItTwiceIsANoOp() throws SQLException {
        cli().run("migrate");

        Cli.Result second = cli().run("migrate");

        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).contains("already in place").doesNotContain("created");
        assertThat(columnsOf("django_session")).hasSize(3);
    }

    @Test
    void honoursTheTableSetting() throws SQLException {
        Cli.Result result = cli().env("DATABASE_TABLE", "my_sessions").run("migrate");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("Created table my_sessions");
        assertThat(columnsOf("my_sessions")).contains("session_key");
    }

    @Test
    void otherEnginesHaveNothingToMigrate() {
        Cli.Result result = cli().env("SESSION_ENGINE", "signed_cookies").run("migrate");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("Nothing to migrate: engine signed_cookies keeps no database schema.\n");
    }

    @Test
    void anUnsupportedDatabaseUrlFailsNamingTheSetting() {
        Cli.Result result = cli().env("DATABASE_URL", "jdbc:oracle:thin:@localhost:1521:xe").run("migrate");

        assertThat(result.exitCode()).isOne();
        assertThat(result.errLines()).isOne();
        assertThat(result.err()).contains("DATABASE_URL");
    }

    @Test
    void anUnreachableDatabaseFailsPromptlyOnOneLine() {
        // port 1 on this machine: nothing listens, so the connection is refused at once
        Cli.Result result = cli().env("DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/test")
                .env("DATABASE_CONNECT_TIMEOUT", "1").run("migrate");

        assertThat(result.exitCode()).isOne();
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).isOne();
        assertThat(result.err()).startsWith("cloakroom migrate: ").doesNotContain("--verbose");
    }

    @Test
    void clearsessionsOnTheDbEngineRemovesExpiredRowsAndSaysHowMany() throws SQLException {
        cli().run("migrate");
        try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO django_session VALUES ('expired1aaaaaaaaaaaaaaaaaaaaaaaaa', 'x', "
                    + "'2000-01-01 00:00:00')");
            s.executeUpdate("INSERT INTO django_session VALUES ('expired2aaaaaaaaaaaaaaaaaaaaaaaaa', 'x', "
                    + "'2001-01-01 00:00:00')");
            s.executeUpdate("INSERT INTO django_session VALUES ('liveaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'x', "
                    + "'2999-01-01 00:00:00')");
        }

        Cli.Result result = cli().run("clearsessions");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("Removed 2 expired sessions (engine db).\n");
        assertThat(keysIn("django_session")).containsExactly("liveaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    }

    @Test
    void clearsessionsOnTheCachedDbEngineRemovesExpiredRowsFromTheTable() throws SQLException {
        Cli cachedDb = cli().env("SESSION_ENGINE", "django.contrib.sessions.backends.cached_db");
        Cli.Result migrated = cachedDb.run("migrate");
        assertThat(migrated.exitCode()).isZero();
        assertThat(migrated.out()).startsWith("Created table django_session");
        try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO django_session VALUES ('expired1aaaaaaaaaaaaaaaaaaaaaaaaa', 'x', "
                    + "'2000-01-01 00:00:00')");
            s.executeUpdate("INSERT INTO django_session VALUES ('liveaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'x', "
                    + "'2999-01-01 00:00:00')");
        }

        Cli.Result result = cachedDb.run("clearsessions");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).isEqualTo("Removed 1 expired session (engine cached_db).\n");
        assertThat(keysIn("django_session")).containsExactly("liveaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    }

    @Test
    void clearsessionsBeforeMigrateSaysToRunMigrate() {
        Cli.Result result = cli().run("clearsessions");

        assertThat(result.exitCode()).isOne();
        assertThat(result.errLines()).isOne();
        assertThat(result.err()).contains("migrate");
    }

    private List<String> columnsOf(String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url());
                ResultSet rows = c.getMetaData().getColumns(null, null, table, null)) {
            while (rows.next()) {
                columns.add(rows.getString("COLUMN_NAME"));
            }
        }
        return columns;
    }

    private List<String> keysIn(String table) throws SQLException {
        List<String> keys = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT session_key FROM " + table)) {
            while (rows.next()) {
                keys.add(rows.getString(1));
            }
        }
        return keys;
    }
}
