package dev.cloakroom.jdbc;

import dev.cloakroom.jdbc.schema.SchemaMigrator;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.testkit.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQLite part of the fault suite, under the same load as {@link DatabaseFaultContract}: the database file
 * moved away (to the engine, deleted) and back, and the database locked by another process's transaction.
 */
class SqliteFaultTest {
    Path directory;
    Path file;
    SessionSettings settings;

    @BeforeEach
    void migrate() throws IOException {
        directory = Files.createTempDirectory("cloakroom-sqlite-faults-");
        file = directory.resolve("sessions.sqlite3");
        settings = SessionSettings.builder().engine("db").secretKey("fault-suite-secret-key")
                .raw("DATABASE_URL", "jdbc:sqlite:" + file).raw("DATABASE_POOL_SIZE", "4").build();
        SchemaMigrator.migrateConfigured(settings);
    }

    @AfterEach
    void deleteFiles() throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Test
    void noSaveIsReportedDoneWhileTheFileIsGone() throws Exception {
        Path aside = directory.resolve("aside.sqlite3");
        DatabaseFaultContract.Run run;
        try (LogCapture log = LogCapture.start();
                SessionEngine engine = SessionEngines.create(settings, Clock.systemUTC())) {
            run = new DatabaseFaultContract.Run(engine);
            run.start();
            Thread.sleep(DatabaseFaultContract.BEFORE.toMillis());
            long goneAt = System.nanoTime();
            Files.move(file, aside);
            Thread.sleep(DatabaseFaultContract.OUTAGE.toMillis());
            long backAt = System.nanoTime();
            Files.move(aside, file);
            Thread.sleep(DatabaseFaultContract.RECOVERY_BOUND.plus(DatabaseFaultContract.STEADY).toMillis());
            run.stop();
            run.report("file moved away, SQLite", goneAt, backAt, log);

            assertThat(run.unexpected).isEmpty();
            assertThat(run.recovery(backAt)).isLessThan(DatabaseFaultContract.RECOVERY_BOUND);
            assertThat(DatabaseFaultContract.warningAndErrorLines(log)).isEqualTo(2);
        }
        try (SessionEngine direct = SessionEngines.create(settings, Clock.systemUTC())) {
            assertThat(run.lostWrites(direct)).isEmpty();
        }
    }

    @Test
    void aLockHeldByAnotherProcessDelaysWritesWithoutFailingOrLosingThem() throws Exception {
        DatabaseFaultContract.Run run;
        try (LogCapture log = LogCapture.start();
                SessionEngine engine = SessionEngines.create(settings, Clock.systemUTC())) {
            run = new DatabaseFaultContract.Run(engine);
            run.start();
            Thread.sleep(DatabaseFaultContract.BEFORE.toMillis());
            long lockedAt = System.nanoTime();
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
                    Statement statement = other.createStatement()) {
                statement.execute("BEGIN EXCLUSIVE");
                Thread.sleep(DatabaseFaultContract.OUTAGE.toMillis());
                statement.execute("COMMIT");
            }
            long releasedAt = System.nanoTime();
            Thread.sleep(DatabaseFaultContract.STEADY.toMillis());
            run.stop();
            run.report("locked for 1.5 s, SQLite", lockedAt, releasedAt, log);

            assertThat(run.failures).isEmpty();
            assertThat(Duration.ofNanos(run.slowest)).isLessThan(DatabaseFaultContract.OUTAGE.plusSeconds(2));
            assertThat(DatabaseFaultContract.warningAndErrorLines(log)).isZero();
        }
        try (SessionEngine direct = SessionEngines.create(settings, Clock.systemUTC())) {
            assertThat(run.lostWrites(direct)).isEmpty();
        }
    }
}
