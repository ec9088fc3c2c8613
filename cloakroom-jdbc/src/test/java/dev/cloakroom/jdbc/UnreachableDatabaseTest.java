package dev.cloakroom.jdbc;

import dev.cloakroom.jdbc.support.Purge;

import com.zaxxer.hikari.HikariDataSource;
import dev.cloakroom.jdbc.pool.PooledDataSources;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Nothing listens on port 1: the engine starts anyway, and every request fails within the connect timeout. */
class UnreachableDatabaseTest {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    static final Instant NOW = Instant.parse("2026-05-01T08:00:00Z");

    @Test
    void everyOperationFailsFastWithAClearException() {
        for (String url : new String[] {"jdbc:postgresql://127.0.0.1:1/test", "jdbc:mariadb://127.0.0.1:1/test"}) {
            DbSettings settings = new DbSettings(url, "nobody", "", TableName.djangoDefault(), CONNECT_TIMEOUT, 2,
                    DbSettings.DEFAULT_WAIT_TIMEOUT);
            try (HikariDataSource pool = PooledDataSources.create(settings, settings.dialect())) {
                DbSessionStore store = new DbSessionStore(pool, settings.dialect(), settings.table(), true,
                        ZoneOffset.UTC, new MutableClock(NOW));
                long started = System.nanoTime();

                assertThatThrownBy(() -> store.load("abcdefgh12345678")).isInstanceOf(DatabaseUnavailableException.class)
                        .hasMessageStartingWith("Session database " + url + " is unavailable while loading a session");
                assertThatThrownBy(() -> store.create("abcdefgh12345678", new SessionRecord("d", NOW)))
                        .isInstanceOf(DatabaseUnavailableException.class);
                assertThatThrownBy(() -> Purge.expired(store)).isInstanceOf(DatabaseUnavailableException.class)
                        .hasMessageContaining("while clearing expired sessions");

                assertThat(Duration.ofNanos(System.nanoTime() - started)).as(url)
                        .isLessThan(CONNECT_TIMEOUT.multipliedBy(3).plusSeconds(3));
            }
        }
    }

    @Test
    void startUpTableCheckOnlyWarnsWhenTheDatabaseIsDown() {
        DbSettings settings = new DbSettings("jdbc:postgresql://127.0.0.1:1/test", "nobody", "",
                TableName.djangoDefault(), CONNECT_TIMEOUT, 1, DbSettings.DEFAULT_WAIT_TIMEOUT);
        try (HikariDataSource pool = PooledDataSources.create(settings, settings.dialect())) {
            assertThatCode(() -> SessionTableCheck.requireTable(pool, settings.dialect(), settings.table(), "port 1"))
                    .doesNotThrowAnyException();
        }
    }
}
