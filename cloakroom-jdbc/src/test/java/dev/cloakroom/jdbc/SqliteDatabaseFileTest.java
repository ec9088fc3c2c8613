package dev.cloakroom.jdbc;

import dev.cloakroom.jdbc.pool.EnginePool;
import dev.cloakroom.jdbc.pool.PooledDataSources;
import dev.cloakroom.jdbc.schema.SchemaMigrator;
import dev.cloakroom.store.ReplaceOutcome;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SQLite file itself: created private, and deleted or replaced under a running engine. */
class SqliteDatabaseFileTest {
    static final Instant NOW = Instant.parse("2026-05-01T08:00:00Z");
    static final TableName TABLE = TableName.djangoDefault();

    Path directory;
    Path file;
    EnginePool pool;
    DbSessionStore store;

    @BeforeEach
    void openEngineOnANewFile() throws IOException {
        directory = Files.createTempDirectory("cloakroom-sqlite-file-");
        file = directory.resolve("sessions.sqlite3");
        // the default timeout: the first SQLite connection of a JVM unpacks the native library
        DbSettings settings = new DbSettings("jdbc:sqlite:" + file, null, null, TABLE,
                DbSettings.DEFAULT_CONNECT_TIMEOUT, 4, DbSettings.DEFAULT_WAIT_TIMEOUT);
        pool = PooledDataSources.create(settings, settings.dialect());
        new SchemaMigrator(pool, settings.dialect(), TABLE).migrate();
        store = new DbSessionStore(pool, settings.dialect(), TABLE, true, ZoneOffset.UTC, new MutableClock(NOW));
    }

    @AfterEach
    void close() throws IOException {
        pool.close();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Test
    void theDatabaseAndItsWriteAheadLogAreReadableAndWritableByTheOwnerOnly() throws IOException {
        assertThat(store.create("private0000000000000000000000001", new SessionRecord("d", NOW.plusSeconds(60))))
                .isTrue();

        for (String name : new String[] {"sessions.sqlite3", "sessions.sqlite3-wal", "sessions.sqlite3-shm"}) {
            Path path = directory.resolve(name);
            assertThat(path).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).as(name)
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void writesAfterTheFileWasDeletedFailClearlyUntilItIsBack() throws IOException {
        String key = "deleted000000000000000000000001";
        SessionRecord first = new SessionRecord("first", NOW.plusSeconds(60));
        assertThat(store.create(key, first)).isTrue();
        Path aside = directory.resolve("moved-away.sqlite3");
        Files.move(file, aside);

        SessionRecord second = new SessionRecord("second", NOW.plusSeconds(60));
        assertThatThrownBy(() -> store.replace(key, first, second)).isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("the SQLite database file " + file + " was deleted while in use");
        assertThatThrownBy(() -> store.create("deleted000000000000000000000002", first))
                .isInstanceOf(DatabaseUnavailableException.class);
        assertThat(file).as("no connection creates a new, empty database").doesNotExist();

        Files.move(aside, file);
        assertThat(loadWhenBack(key)).isEqualTo(first);
        assertThat(store.replace(key, first, second)).isEqualTo(ReplaceOutcome.REPLACED);
        assertThat(store.load(key)).contains(second);
    }

    @Test
    void newConnectionsNeverCreateADeletedFileAgain() throws IOException {
        assertThat(store.create("recreate0000000000000000000001", new SessionRecord("d", NOW.plusSeconds(60))))
                .isTrue();
        for (String name : new String[] {"sessions.sqlite3", "sessions.sqlite3-wal", "sessions.sqlite3-shm"}) {
            Files.deleteIfExists(directory.resolve(name));
        }
        pool.getHikariPoolMXBean().softEvictConnections();

        assertThatThrownBy(() -> pool.getConnection().close()).isInstanceOf(java.sql.SQLException.class);
        assertThat(file).doesNotExist();
    }

    @Test
    void anotherFilePutInPlaceOfTheOpenOneIsRefused() throws IOException {
        assertThat(store.create("replaced00000000000000000000001", new SessionRecord("d", NOW.plusSeconds(60))))
                .isTrue();
        Path copy = directory.resolve("copy.sqlite3");
        Files.copy(file, copy);
        Files.move(copy, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> store.load("replaced00000000000000000000001"))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("was replaced by another file while in use");
    }

    /** Recovery waits for the breaker's next probe, a fraction of a second away. */
    private SessionRecord loadWhenBack(String key) {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (true) {
            try {
                return store.load(key).orElseThrow();
            } catch (DatabaseUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.onSpinWait();
            }
        }
    }
}
