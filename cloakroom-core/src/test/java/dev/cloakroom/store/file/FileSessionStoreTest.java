package dev.cloakroom.store.file;

import dev.cloakroom.ImproperlyConfiguredException;

import dev.cloakroom.store.ReplaceOutcome;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.testsupport.SecurityLogCapture;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.nio.file.attribute.FileAttribute;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Django's on-disk layout, whole-file writes and hostile keys. */
class FileSessionStoreTest extends FileStoreFixture {

    // --- layout -----------------------------------------------------------------------------------------------

    @Test
    void fileIsNamedCookieNamePlusKeyAndHoldsExactlyTheData() throws IOException {
        SessionRecord record = recordOf("hello", "world");
        assertThat(store.create(KEY, record)).isTrue();
        assertThat(Files.readAllBytes(fileOf(KEY))).isEqualTo(record.data().getBytes(StandardCharsets.US_ASCII));
        assertThat(namesIn(dir)).containsExactly(FileSessionStore.LOCK_FILE_NAME, "sessionid" + KEY);
    }

    @Test
    void sessionFilesAreReadableByTheirOwnerOnly() throws IOException {
        SessionRecord created = recordOf("a", 1);
        store.create(KEY, created);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fileOf(KEY)))).isEqualTo("rw-------");
        store.replace(KEY, created, recordOf("a", 2));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fileOf(KEY)))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(FileSessionStore.LOCK_FILE_NAME)))).isEqualTo("rw-------");
    }

    @Test
    void loadReturnsTheRecordThatWasWritten() {
        SessionRecord created = recordOf("a", 1);
        store.create(KEY, created);
        assertThat(store.load(KEY)).contains(asStored(created));
        clock.advance(Duration.ofMinutes(3));
        SessionRecord replaced = recordOf("a", 2);
        assertThat(store.replace(KEY, created, replaced)).isEqualTo(ReplaceOutcome.REPLACED);
        assertThat(store.load(KEY)).contains(asStored(replaced));
        assertThat(store.load(KEY)).isEqualTo(store.load(KEY));
    }

    @Test
    void aWriteSetsTheFilesModificationTimeToTheClocksNow() throws IOException {
        store.create(KEY, recordOf("a", 1));
        assertThat(Files.getLastModifiedTime(fileOf(KEY)).toInstant()).isEqualTo(NOW);
    }

    @Test
    void writesLeaveNoTemporaryFilesBehind() throws IOException {
        SessionRecord created = recordOf("a", 1);
        store.create(KEY, created);
        store.replace(KEY, created, recordOf("a", 2));
        assertThat(namesIn(dir)).containsExactly(FileSessionStore.LOCK_FILE_NAME, "sessionid" + KEY);
    }

    @Test
    void readersNeverSeeAPartlyWrittenFile() throws Exception {
        String big = "A".repeat(100_000);
        String other = "B".repeat(150_000);
        Instant expires = NOW.plus(Duration.ofDays(1));
        store.create(KEY, new SessionRecord(big, expires, NOW));
        List<String> seen = new ArrayList<>();
        List<ReplaceOutcome> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread writer = new Thread(() -> {
            SessionRecord current = new SessionRecord(big, expires, NOW);
            for (int i = 0; i < 200; i++) {
                SessionRecord next = new SessionRecord(current.data().equals(big) ? other : big, expires, NOW);
                outcomes.add(store.replace(KEY, current, next));
                current = next;
            }
        });
        writer.start();
        while (writer.isAlive()) {
            String content = Files.readString(fileOf(KEY), StandardCharsets.US_ASCII);
            if (!content.equals(big) && !content.equals(other)) {
                seen.add("torn file of " + content.length() + " characters");
            }
        }
        writer.join();
        assertThat(outcomes).hasSize(200).containsOnly(ReplaceOutcome.REPLACED);
        assertThat(seen).isEmpty();
    }

    /**
     * Loads take no lock, so they must get data and modification time of one and the same write: the core
     * derives the expiry from both. Each write here pairs its content with a time of its own.
     */
    @Test
    void aLoadSeesTheDataAndTimeOfOneWriteWhileWritesGoOn() throws Exception {
        String big = "A".repeat(100_000);
        String other = "B".repeat(150_000);
        Instant expires = NOW.plus(Duration.ofDays(1));
        Instant bigTime = NOW;
        Instant otherTime = NOW.plusSeconds(1);
        store.create(KEY, new SessionRecord(big, expires, bigTime));
        Thread writer = new Thread(() -> {
            SessionRecord current = new SessionRecord(big, expires, bigTime);
            for (int i = 0; i < 200; i++) {
                boolean toOther = current.data().equals(big);
                SessionRecord next = new SessionRecord(toOther ? other : big, expires, toOther ? otherTime : bigTime);
                store.replace(KEY, current, next);
                current = next;
            }
        });
        List<String> mismatched = new ArrayList<>();
        writer.start();
        int loads = 0;
        while (writer.isAlive()) {
            SessionRecord loaded = store.load(KEY).orElseThrow();
            loads++;
            Instant expected = loaded.data().equals(big) ? bigTime : otherTime;
            if (!loaded.savedAt().equals(expected)) {
                mismatched.add(loaded.data().length() + " characters with the time " + loaded.savedAt());
            }
        }
        writer.join();
        assertThat(loads).isPositive();
        assertThat(mismatched).isEmpty();
    }

    @Test
    void aLoadDoesNotWaitForTheKeysLock() throws Exception {
        store.create(KEY, recordOf("a", 1));
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        KeyLocks otherProcess = new KeyLocks(dir.resolve(FileSessionStore.LOCK_FILE_NAME), new FileAttribute<?>[0]);
        Thread holder = new Thread(() -> {
            try {
                otherProcess.withLock(KEY, () -> {
                    inside.countDown();
                    return awaitQuietly(release);
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        holder.start();
        try {
            assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<Optional<SessionRecord>> load = pool.submit(() -> store.load(KEY));
                assertThat(load.get(2, TimeUnit.SECONDS)).isPresent();
                Future<?> delete = pool.submit(() -> store.delete(KEY));
                assertThatThrownBy(() -> delete.get(300, TimeUnit.MILLISECONDS))
                        .as("a write still waits for the lock").isInstanceOf(TimeoutException.class);
                release.countDown();
                delete.get(5, TimeUnit.SECONDS);
            } finally {
                release.countDown();
                pool.shutdown();
            }
        } finally {
            release.countDown();
            holder.join();
            otherProcess.close();
        }
    }

    @Test
    void temporaryFilesAreNamedSoNoScanTakesThemForSessions() throws IOException {
        SessionRecord record = recordOf("a", 1);
        Path temp = Files.createTempFile(dir, "sessionid" + KEY + FileSessionStore.TEMP_INFIX, null);
        Files.setLastModifiedTime(temp, FileTime.from(NOW.minus(Duration.ofDays(365))));
        assertThat(store.load(temp.getFileName().toString().substring("sessionid".length()))).isEmpty();
        store.create(KEY, record);
        // Whatever the core deems expired, a scan only ever considers session files.
        assertThat(store.clearExpired(anyRecord -> true)).hasValue(1);
        assertThat(namesIn(dir)).containsExactly(FileSessionStore.LOCK_FILE_NAME, temp.getFileName().toString());
    }

    @Test
    void aMissingDirectoryFailsNamingTheSetting() {
        assertThatThrownBy(() -> new FileSessionStore(root.resolve("nowhere"), "sessionid"))
                .isInstanceOfSatisfying(ImproperlyConfiguredException.class,
                        e -> assertThat(e.setting()).isEqualTo("SESSION_FILE_PATH"));
    }

    @Test
    void aPlainFileIsNoDirectory() throws IOException {
        Path file = Files.createFile(root.resolve("file"));
        assertThatThrownBy(() -> new FileSessionStore(file, "sessionid"))
                .isInstanceOfSatisfying(ImproperlyConfiguredException.class,
                        e -> assertThat(e.setting()).isEqualTo("SESSION_FILE_PATH"));
    }

    @Test
    void aCookieNameWithAPathSeparatorIsRefused() {
        assertThatThrownBy(() -> new FileSessionStore(dir, "../sessionid"))
                .isInstanceOfSatisfying(ImproperlyConfiguredException.class,
                        e -> assertThat(e.setting()).isEqualTo("SESSION_COOKIE_NAME"));
    }

    // --- hostile keys -----------------------------------------------------------------------------------------

    @Test
    void keysThatCouldEscapeTheDirectoryAreUnknownAndTouchNothing() throws IOException {
        Path victim = Files.writeString(root.resolve("victim"), "precious");
        Path nested = Files.createDirectories(dir.resolve("a").resolve("b"));
        Files.writeString(nested.resolve("c"), "also precious");
        // An empty cookie name makes the key the whole file name: the hardest case for traversal.
        FileSessionStore bare = new FileSessionStore(dir, "");
        SessionRecord record = recordOf("a", 1);
        List<String> keys = List.of("../victim", "a/b/c", "a\\b\\c", "..", "ABCDEFGH", "sessionidABC", "",
                "key with spaces", "x".repeat(300));
        try (SecurityLogCapture log = SecurityLogCapture.start()) {
            for (String key : keys) {
                for (FileSessionStore target : List.of(store, bare)) {
                    assertThat(target.load(key)).as(key).isEmpty();
                    assertThat(target.exists(key)).as(key).isFalse();
                    assertThat(target.create(key, record)).as(key).isFalse();
                    assertThat(target.replace(key, record, record)).as(key).isEqualTo(ReplaceOutcome.MISSING);
                    target.delete(key);
                }
            }
            // Every refusal except the empty key's (no key at all is not suspicious) is reported.
            assertThat(log.warnings()).hasSize((keys.size() - 1) * 2 * 5).noneMatch(line -> line.contains("victim"));
        } finally {
            bare.close();
        }
        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(Files.readString(nested.resolve("c"))).isEqualTo("also precious");
        assertThat(namesIn(dir)).containsExactly("a");
        assertThat(namesIn(root)).containsExactly("sessions", "victim");
    }

    @Test
    void aSymbolicLinkInPlaceOfASessionFileIsNotFollowed() throws IOException {
        SessionRecord record = recordOf("a", 1);
        Path secret = Files.writeString(root.resolve("secret"), record.data());
        Files.createSymbolicLink(fileOf(KEY), secret);
        assertThat(store.load(KEY)).isEmpty();
        assertThat(store.replace(KEY, record, recordOf("a", 2))).isEqualTo(ReplaceOutcome.MISSING);
        assertThat(Files.readString(secret)).isEqualTo(record.data());
    }
}
