package dev.cloakroom.spring.boot.autoconfigure;

import dev.cloakroom.ImproperlyConfiguredException;
import dev.cloakroom.spring.boot.autoconfigure.support.BootApp;
import dev.cloakroom.spring.boot.autoconfigure.testapp.CounterApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The session table of the default SQLite database: created at start-up unless cloakroom.migrate=false. */
class MigrationTest {
    @TempDir
    Path directory;

    @Test
    void theTableIsCreatedAtStartUpAndStartingAgainLeavesItAlone() throws Exception {
        String url = "jdbc:sqlite:" + directory.resolve("sessions.sqlite3");
        try (BootApp app = BootApp.start(CounterApplication.class, "cloakroom.database-url=" + url)) {
            app.get("/count");
        }
        try (BootApp app = BootApp.start(CounterApplication.class, "cloakroom.database-url=" + url)) {
            assertThat(app.get("/count").body()).startsWith("1 ");
        }
        try (Connection connection = DriverManager.getConnection(url);
             ResultSet rows = connection.createStatement().executeQuery("SELECT count(*) FROM django_session")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(2);
        }
    }

    @Test
    void withMigrateOffAMissingTableStopsStartUp() {
        assertThatThrownBy(() -> BootApp.start(CounterApplication.class, "cloakroom.migrate=false",
                "cloakroom.database-url=jdbc:sqlite:" + directory.resolve("unmigrated.sqlite3")))
                .rootCause().isInstanceOf(ImproperlyConfiguredException.class)
                .hasMessageContaining("django_session does not exist");
    }
}
