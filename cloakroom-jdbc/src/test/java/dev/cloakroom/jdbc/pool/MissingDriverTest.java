package dev.cloakroom.jdbc.pool;

import dev.cloakroom.ImproperlyConfiguredException;
import dev.cloakroom.jdbc.dialect.Dialects;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The PostgreSQL and MariaDB drivers are optional dependencies of cloakroom-jdbc, so an application may name a
 * database whose driver it forgot: start-up must say which dependency to add. This module's own tests have
 * every driver, so the lookup that finds none is handed in.
 */
class MissingDriverTest {

    @Test
    void aMissingDriverFailsNamingTheSettingAndTheArtifactToAdd() {
        String url = "jdbc:postgresql://127.0.0.1:5432/test";
        assertThatThrownBy(() -> PooledDataSources.requireDriver(url, Dialects.forUrl(url).orElseThrow(),
                        noDriver -> false))
                .isInstanceOfSatisfying(ImproperlyConfiguredException.class, e -> {
                    assertThat(e.setting()).isEqualTo("DATABASE_URL");
                    assertThat(e.problem()).contains("org.postgresql:postgresql");
                });
    }

    @Test
    void mariaDbAndMysqlUrlsNameTheMariaDbDriver() {
        String url = "jdbc:mysql://127.0.0.1:3306/test";
        assertThatThrownBy(() -> PooledDataSources.requireDriver(url, Dialects.forUrl(url).orElseThrow(),
                        noDriver -> false))
                .hasMessageContaining("org.mariadb.jdbc:mariadb-java-client");
    }

    @Test
    void theDriversOnThisClassPathAreFound() {
        for (String url : new String[] {"jdbc:sqlite:" + System.getProperty("java.io.tmpdir") + "/drivers.sqlite3", "jdbc:postgresql://127.0.0.1/test",
                "jdbc:mariadb://127.0.0.1/test", "jdbc:mysql://127.0.0.1/test"}) {
            assertThatCode(() -> PooledDataSources.create(
                    dev.cloakroom.jdbc.DbSettings.from(dev.cloakroom.settings.SessionSettings.builder()
                            .secretKey("k").set("DATABASE_URL", url).build()),
                    Dialects.forUrl(url).orElseThrow()).close()).as(url).doesNotThrowAnyException();
        }
    }
}
