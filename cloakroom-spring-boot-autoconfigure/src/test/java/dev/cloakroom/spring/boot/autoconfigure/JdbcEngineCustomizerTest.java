package dev.cloakroom.spring.boot.autoconfigure;

import dev.cloakroom.session.Session;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which database the db engine uses: the application's DataSource, unless DATABASE_URL names another. */
class JdbcEngineCustomizerTest {
    @TempDir
    Path directory;

    SQLiteDataSource sqlite(String file) {
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite:" + directory.resolve(file));
        return dataSource;
    }

    static String savedSession(SessionSettings settings, JdbcEngineCustomizer customizer) {
        SessionEngines.Builder builder = SessionEngines.builder(settings);
        customizer.customize(builder, settings);
        try (SessionEngine engine = builder.build()) {
            Session session = engine.open(null);
            session.put("count", 1);
            session.save();
            return session.getSessionKey();
        }
    }

    static boolean hasRow(SQLiteDataSource dataSource, String key) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             ResultSet tables = connection.getMetaData().getTables(null, null, "django_session", null)) {
            if (!tables.next()) {
                return false;
            }
            try (ResultSet row = connection.createStatement()
                    .executeQuery("SELECT 1 FROM django_session WHERE session_key = '" + key + "'")) {
                return row.next();
            }
        }
    }

    @Test
    void theApplicationsDataSourceIsMigratedAndUsedWhenNoDatabaseUrlIsSet() throws Exception {
        SQLiteDataSource application = sqlite("application.sqlite3");
        SessionSettings settings = SessionSettings.builder().secretKey("customizer-test").build();

        String key = savedSession(settings, new JdbcEngineCustomizer(() -> application, true));

        assertThat(hasRow(application, key)).isTrue();
    }

    @Test
    void anExplicitDatabaseUrlWinsOverTheApplicationsDataSource() throws Exception {
        SQLiteDataSource application = sqlite("application.sqlite3");
        SQLiteDataSource configured = sqlite("configured.sqlite3");
        SessionSettings settings = SessionSettings.builder().secretKey("customizer-test")
                .raw("DATABASE_URL", configured.getUrl()).build();

        String key = savedSession(settings, new JdbcEngineCustomizer(() -> application, true));

        assertThat(hasRow(configured, key)).isTrue();
        assertThat(hasRow(application, key)).isFalse();
    }

    @Test
    void otherEnginesAreLeftAlone() throws Exception {
        SQLiteDataSource application = sqlite("application.sqlite3");
        SessionSettings settings = SessionSettings.builder().secretKey("customizer-test").engine("signed_cookies")
                .build();

        savedSession(settings, new JdbcEngineCustomizer(() -> application, true));

        try (Connection connection = application.getConnection();
             ResultSet tables = connection.getMetaData().getTables(null, null, "django_session", null)) {
            assertThat(tables.next()).as("no table created for signed_cookies").isFalse();
        }
    }
}
