package dev.cloakroom.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cloakroom.jdbc.pool.PooledDataSources;
import dev.cloakroom.jdbc.schema.SchemaMigrator;
import dev.cloakroom.jdbc.support.DatabaseTestBase;
import dev.cloakroom.jdbc.support.RequiresDatabase;
import dev.cloakroom.jdbc.support.TestDatabase;
import dev.cloakroom.store.ReplaceOutcome;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.testkit.MutableClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** URLs and driver options a MySQL/MariaDB user may bring. */
@RequiresDatabase(TestDatabase.MARIADB)
class MariaDbConnectionOptionsTest extends DatabaseTestBase {
    static final TableName TABLE = TableName.of("sessions_options");
    static final Instant NOW = Instant.parse("2026-05-01T08:00:00Z");

    @BeforeAll
    void createTable() {
        new SchemaMigrator(db.pool(TABLE), db.dialect(), TABLE).migrate();
    }

    @Test
    void aMysqlSchemeUrlWorksWithTheMariadbDriver() {
        try (HikariDataSource pool = pool(db.url().replace("jdbc:mariadb:", "jdbc:mysql:"))) {
            DbSessionStore store = store(pool);
            SessionRecord record = new SessionRecord("via jdbc:mysql:", NOW.plusSeconds(60));

            assertThat(store.create("mysqlscheme00000000000000000001", record)).isTrue();
            assertThat(store.load("mysqlscheme00000000000000000001")).contains(record);
        }
    }

    @Test
    void rewritingTheStoredRecordCountsAsReplacedEvenWhenTheDriverCountsChangedRows() {
        try (HikariDataSource pool = pool(db.url() + "?useAffectedRows=true")) {
            DbSessionStore store = store(pool);
            String key = "affectedrows000000000000000001";
            SessionRecord stored = new SessionRecord("same", NOW.plusSeconds(60));
            store.create(key, stored);

            assertThat(store.replace(key, stored, stored)).isEqualTo(ReplaceOutcome.REPLACED);
            assertThat(store.replace(key, new SessionRecord("stale", stored.expiresAt()),
                    new SessionRecord("other", NOW.plusSeconds(90))))
                    .as("a stale expectation is still a conflict").isEqualTo(ReplaceOutcome.CONFLICT);
            assertThat(store.load(key)).contains(stored);
        }
    }

    private HikariDataSource pool(String url) {
        DbSettings settings = new DbSettings(url, "root", "", TABLE, Duration.ofSeconds(2), 2,
                DbSettings.DEFAULT_WAIT_TIMEOUT);
        return PooledDataSources.create(settings, settings.dialect());
    }

    private static DbSessionStore store(HikariDataSource pool) {
        return new DbSessionStore(pool, new DbSettings(pool.getJdbcUrl(), null, null, TABLE, Duration.ofSeconds(1), 1,
                Duration.ofSeconds(1)).dialect(), TABLE, true, ZoneOffset.UTC, new MutableClock(NOW));
    }
}
