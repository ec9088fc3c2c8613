package dev.cloakroom.sample;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample as it starts by default: the db engine on an SQLite file (here in a temporary directory). */
class SqliteSecurityTest extends SecurityEndToEndTest {
    @TempDir
    static Path directory;

    private String url() {
        return "jdbc:sqlite:" + directory.resolve("sessions.sqlite3");
    }

    @Override
    List<String> storeProperties() {
        return List.of("cloakroom.session-engine=db", "cloakroom.database-url=" + url());
    }

    @Override
    boolean stored(String key) throws Exception {
        try (Connection connection = DriverManager.getConnection(url())) {
            return DjangoSessionTable.hasLiveRow(connection, key);
        }
    }

    @Override
    void checkStoredLogin(String key) throws Exception {
        try (Connection connection = DriverManager.getConnection(url())) {
            StoredLogin.check(DjangoSessionTable.data(connection, key));
        }
        assertThat(key).matches("[a-z0-9]{32}");
    }
}
