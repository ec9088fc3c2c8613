package dev.cloakroom.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.spi.SessionEngineProvider;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.jdbc.dialect.SqliteDialect;
import dev.cloakroom.jdbc.pool.PooledDataSources;
import dev.cloakroom.jdbc.schema.MigrationResult;
import dev.cloakroom.jdbc.schema.SchemaMigrator;
import dev.cloakroom.session.Session;
import dev.cloakroom.ImproperlyConfiguredException;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.store.ReplaceOutcome;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.testkit.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The db engine as SESSION_ENGINE=db builds it, on SQLite files in a temporary directory. */
class DbEngineProviderTest {
    static final Instant NOW = Instant.parse("2026-05-01T08:00:00Z");

    @TempDir
    Path directory;

    SessionSettings settings() {
        return SessionSettings.builder().engine("db").secretKey("django_tests_secret_key")
                .raw("DATABASE_URL", "jdbc:sqlite:" + directory.resolve("sessions.sqlite3")).build();
    }

    @Test
    void theServiceLoaderOffersTheDbAndCachedDbEngines() {
        assertThat(ServiceLoader.load(SessionEngineProvider.class).stream()
                .filter(p -> p.type() == DbEngineProvider.class).map(ServiceLoader.Provider::get)
                .flatMap(p -> p.engineNames().stream()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("db", "cached_db");
    }

    @Test
    void aMissingTableStopsStartUpAndSaysToRunMigrate() {
        assertThatThrownBy(() -> SessionEngines.create(settings(), new MutableClock(NOW)))
                .isInstanceOfSatisfying(ImproperlyConfiguredException.class,
                        e -> assertThat(e.setting()).isEqualTo("DATABASE_TABLE"))
                .hasMessageContaining("the session table django_session does not exist in jdbc:sqlite:")
                .hasMessageContaining("bin/cloakroom migrate");
    }

    @Test
    void anApplicationsOwnDataSourceIsCheckedForTheTableToo() {
        DbSettings db = DbSettings.from(settings());
        try (HikariDataSource own = PooledDataSources.create(db, db.dialect())) {
            assertThatThrownBy(() -> DbSessionEngines.withDataSource(settings(), new MutableClock(NOW), own))
                    .isInstanceOf(ImproperlyConfiguredException.class).hasMessageContaining("bin/cloakroom migrate");
        }
    }

    @Test
    void migrateCreatesTheConfiguredTableOnceAndThenFindsItInPlace() {
        SessionSettings settings = SessionSettings.builder().secretKey("django_tests_secret_key")
                .raw("DATABASE_URL", "jdbc:sqlite:" + directory.resolve("migrated.sqlite3"))
                .raw("DATABASE_TABLE", "app_sessions").build();

        MigrationResult first = SchemaMigrator.migrateConfigured(settings);
        MigrationResult second = SchemaMigrator.migrateConfigured(settings);

        assertThat(first.description())
                .isEqualTo("Created table app_sessions and index app_sessions_expire_date_e50349c2 (sqlite)");
        assertThat(second.description()).isEqualTo("Table app_sessions already in place");
    }

    @Test
    void aStoreOverAnApplicationsOwnDataSourceDetectsTheDatabase() {
        SQLiteDataSource own = new SQLiteDataSource();
        own.setUrl("jdbc:sqlite:" + directory.resolve("own.sqlite3"));
        new SchemaMigrator(own, new SqliteDialect(), TableName.djangoDefault()).migrate();
        DbSessionStore store = DbSessionStore.forDataSource(own, TableName.djangoDefault(), true,
                ZoneOffset.UTC, new MutableClock(NOW));
        SessionRecord record = new SessionRecord("own", NOW.plusSeconds(5));

        assertThat(store.dialect()).isInstanceOf(SqliteDialect.class);
        assertThat(store.create("owndatasource000000000000000001", record)).isTrue();
        assertThat(store.load("owndatasource000000000000000001")).contains(record);
    }

    @Test
    void migrateOverAnApplicationsOwnDataSourceDetectsTheDatabaseAndServesTheEngine() {
        SQLiteDataSource own = new SQLiteDataSource();
        own.setUrl("jdbc:sqlite:" + directory.resolve("own-migrated.sqlite3"));

        MigrationResult result = SchemaMigrator.forDataSource(own, TableName.djangoDefault()).migrate();

        assertThat(result.description()).startsWith("Created table django_session").contains("(sqlite)");
        try (SessionEngine engine = DbSessionEngines.withDataSource(settings(), new MutableClock(NOW), own)) {
            assertThat(engine.name()).isEqualTo("db");
        }
    }

    @Test
    void aRowWithAnUnreadableExpireDateIsNoSessionInsteadOfAnError() throws Exception {
        DbSettings db = DbSettings.from(settings());
        try (HikariDataSource pool = PooledDataSources.create(db, db.dialect())) {
            new SchemaMigrator(pool, db.dialect(), db.table()).migrate();
            DbSessionStore store = new DbSessionStore(pool, db.dialect(), db.table(), true, ZoneOffset.UTC,
                    new MutableClock(NOW));
            String key = "corruptexpiry00000000000000001";
            store.create(key, new SessionRecord("data", NOW.plusSeconds(60)));
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE django_session SET expire_date = 'next tuesday'");
            }

            PrintStream stderr = System.err;
            ByteArrayOutputStream logged = new ByteArrayOutputStream();
            System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
            try {
                assertThat(store.load(key)).isEmpty();
            } finally {
                System.setErr(stderr);
            }
            assertThat(logged.toString(StandardCharsets.UTF_8))
                    .contains("WARN cloakroom.security.SuspiciousSession - Session row in django_session ignored");
            assertThat(store.replace(key, new SessionRecord("data", NOW.plusSeconds(60)),
                    new SessionRecord("new", NOW.plusSeconds(90)))).isEqualTo(ReplaceOutcome.MISSING);
        }
    }

    @Test
    void sqlitePoolsRunInWalModeWithABusyTimeout() throws Exception {
        DbSettings db = DbSettings.from(settings());
        try (HikariDataSource pool = PooledDataSources.create(db, db.dialect());
                Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            assertThat(single(s, "PRAGMA journal_mode")).isEqualToIgnoringCase("wal");
            assertThat(single(s, "PRAGMA busy_timeout")).isEqualTo("30000");
        }
    }

    @Test
    void aMigratedDatabaseServesSessionsThroughTheEngine() {
        migrate();
        MutableClock clock = new MutableClock(NOW);
        try (SessionEngine engine = SessionEngines.create(settings(), clock)) {
            Session session = engine.open(null);
            session.put("hello", "world");
            session.save();
            String key = session.getSessionKey();

            assertThat(engine.name()).isEqualTo("db");
            assertThat(engine.open(key).get("hello")).isEqualTo("world");
            clock.set(NOW.plusSeconds(SessionSettings.builder().secretKey("unused").build().cookieAge() + 1));
            assertThat(engine.clearExpired()).hasValue(1);
        }
    }

    private void migrate() {
        DbSettings db = DbSettings.from(settings());
        try (HikariDataSource pool = PooledDataSources.create(db, db.dialect())) {
            new SchemaMigrator(pool, db.dialect(), db.table()).migrate();
        }
    }

    private static String single(Statement s, String sql) throws Exception {
        try (ResultSet row = s.executeQuery(sql)) {
            row.next();
            return row.getString(1);
        }
    }
}
