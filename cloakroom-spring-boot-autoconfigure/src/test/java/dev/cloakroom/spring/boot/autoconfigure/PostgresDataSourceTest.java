package dev.cloakroom.spring.boot.autoconfigure;

import dev.cloakroom.spring.boot.autoconfigure.support.BootApp;
import dev.cloakroom.spring.boot.autoconfigure.support.RequiresServer;
import dev.cloakroom.spring.boot.autoconfigure.support.TestServer;
import dev.cloakroom.spring.boot.autoconfigure.testapp.CounterApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The db engine on the application's own DataSource (Boot's pool on PostgreSQL): the table is created at
 * start-up and the sessions are rows in it, with no DATABASE_URL anywhere.
 */
@RequiresServer(TestServer.POSTGRES)
class PostgresDataSourceTest {
    /** A table of this test's own, so that runs in parallel and the other modules' tests do not meet. */
    final String table = "boot_session_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @AfterEach
    void dropTable() throws Exception {
        try (Connection connection = TestServer.postgres(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + table);
        }
    }

    @Test
    void theSessionIsARowInTheApplicationsDatabase() throws Exception {
        try (BootApp app = BootApp.start(CounterApplication.class,
                "spring.autoconfigure.exclude=", "spring.datasource.url=" + TestServer.POSTGRES_URL,
                "spring.datasource.username=" + TestServer.POSTGRES_USER, "spring.datasource.password=",
                "cloakroom.database-table=" + table)) {
            assertThat(app.get("/count").body()).startsWith("1 ");
            assertThat(app.get("/count").body()).startsWith("2 ");
            String key = app.cookie("sessionid");

            try (Connection connection = TestServer.postgres(); PreparedStatement query = connection.prepareStatement(
                    "SELECT session_data, expire_date > now() FROM " + table + " WHERE session_key = ?")) {
                query.setString(1, key);
                try (ResultSet row = query.executeQuery()) {
                    assertThat(row.next()).as("a row for session " + key).isTrue();
                    assertThat(row.getString(1)).isNotEmpty();
                    assertThat(row.getBoolean(2)).isTrue();
                }
            }
        }
    }
}
