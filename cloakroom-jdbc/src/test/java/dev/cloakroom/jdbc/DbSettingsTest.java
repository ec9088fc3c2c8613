package dev.cloakroom.jdbc;

import dev.cloakroom.jdbc.dialect.MysqlDialect;
import dev.cloakroom.jdbc.dialect.PostgresDialect;
import dev.cloakroom.jdbc.dialect.SqliteDialect;
import dev.cloakroom.ImproperlyConfiguredException;
import dev.cloakroom.settings.SessionSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DbSettingsTest {

    @Test
    void withNothingConfiguredSessionsGoToAnSqliteFileInTheWorkingDirectory() {
        DbSettings settings = DbSettings.from(SessionSettings.builder().secretKey("db-settings-test-secret").build());

        assertThat(settings.url()).isEqualTo("jdbc:sqlite:cloakroom.sqlite3");
        assertThat(settings.table().name()).isEqualTo("django_session");
        assertThat(settings.user()).isNull();
        assertThat(settings.password()).isNull();
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.poolSize()).isEqualTo(10);
        assertThat(settings.dialect()).isInstanceOf(SqliteDialect.class);
    }

    @Test
    void everySettingIsReadFromTheRawSettings() {
        DbSettings settings = DbSettings.from(SessionSettings.builder().secretKey("db-settings-test-secret")
                .raw("DATABASE_URL", "jdbc:postgresql://db.internal:5432/app")
                .raw("DATABASE_USER", "app")
                .raw("DATABASE_PASSWORD", "s3cret")
                .raw("DATABASE_TABLE", "app_sessions")
                .raw("DATABASE_CONNECT_TIMEOUT", "2")
                .raw("DATABASE_POOL_SIZE", "25")
                .build());

        assertThat(settings.url()).isEqualTo("jdbc:postgresql://db.internal:5432/app");
        assertThat(settings.user()).isEqualTo("app");
        assertThat(settings.password()).isEqualTo("s3cret");
        assertThat(settings.table().name()).isEqualTo("app_sessions");
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.poolSize()).isEqualTo(25);
        assertThat(settings.dialect()).isInstanceOf(PostgresDialect.class);
    }

    @Test
    void mariadbAndMysqlUrlsShareADialect() {
        assertThat(DbSettings.from(SessionSettings.builder().secretKey("db-settings-test-secret").raw("DATABASE_URL", "jdbc:mariadb://h/db").build()).dialect())
                .isInstanceOf(MysqlDialect.class);
        assertThat(DbSettings.from(SessionSettings.builder().secretKey("db-settings-test-secret").raw("DATABASE_URL", "jdbc:mysql://h/db").build()).dialect())
                .isInstanceOf(MysqlDialect.class);
    }

    @Test
    void theToStringNeverShowsThePassword() {
        DbSettings settings = DbSettings.from(SessionSettings.builder().secretKey("db-settings-test-secret")
                .raw("DATABASE_URL", "jdbc:postgresql://h/db?password=inurl").raw("DATABASE_PASSWORD", "s3cret").build());

        assertThat(settings.toString()).doesNotContain("s3cret").doesNotContain("inurl").contains("password=***");
    }

    @Test
    void anUnsupportedUrlNamesTheSetting() {
        assertThatThrownBy(() -> DbSettings.from(SessionSettings.builder().secretKey("db-settings-test-secret")
                .raw("DATABASE_URL", "jdbc:oracle:thin:@db:1521/x").build()))
                .isInstanceOfSatisfying(ImproperlyConfiguredException.class,
                        e -> assertThat(e.setting()).isEqualTo("DATABASE_URL"))
                .hasMessageContaining("jdbc:oracle:thin:@db:1521/x");
    }

    @Test
    void anInMemorySqliteDatabaseIsRefusedBecausePooledConnectionsWouldNotShareIt() {
        for (String url : new String[] {"jdbc:sqlite::memory:", "jdbc:sqlite:"}) {
            assertThatThrownBy(() -> DbSettings.from(SessionSettings.builder().secretKey("db-settings-test-secret").raw("DATABASE_URL", url).build()))
                    .isInstanceOfSatisfying(ImproperlyConfiguredException.class,
                            e -> assertThat(e.setting()).isEqualTo("DATABASE_URL"))
                    .hasMessageContaining("in-memory");
        }
    }

    @Test
    void aTableNameThatIsNoPlainIdentifierNamesTheSetting() {
        assertThatThrownBy(() -> DbSettings.from(SessionSettings.builder().secretKey("db-settings-test-secret")
                .raw("DATABASE_TABLE", "sessions; DROP TABLE users").build()))
                .isInstanceOfSatisfying(ImproperlyConfiguredException.class,
                        e -> assertThat(e.setting()).isEqualTo("DATABASE_TABLE"));
    }

    @Test
    void numbersMustBePositiveWholeNumbers() {
        for (String value : new String[] {"0", "-1", "two", "1.5"}) {
            assertThatThrownBy(() -> DbSettings.from(SessionSettings.builder().secretKey("db-settings-test-secret")
                    .raw("DATABASE_CONNECT_TIMEOUT", value).build()))
                    .isInstanceOfSatisfying(ImproperlyConfiguredException.class,
                            e -> assertThat(e.setting()).isEqualTo("DATABASE_CONNECT_TIMEOUT"));
        }
        assertThatThrownBy(() -> DbSettings.from(SessionSettings.builder().secretKey("db-settings-test-secret").raw("DATABASE_POOL_SIZE", "0").build()))
                .isInstanceOfSatisfying(ImproperlyConfiguredException.class,
                        e -> assertThat(e.setting()).isEqualTo("DATABASE_POOL_SIZE"));
    }
}
