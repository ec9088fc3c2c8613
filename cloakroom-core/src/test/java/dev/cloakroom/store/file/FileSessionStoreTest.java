package dev.cloakroom.store.file;

import dev.cloakroom.store.ReplaceOutcome;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionStoreException;
import dev.cloakroom.testsupport.SecurityLogCapture;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
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
        assertThat(store.load(KEY)).contains(created);
        clock.advance(Duration.ofMinutes(3));
        SessionRecord replaced = recordOf("a", 2);
        assertThat(store.replace(KEY, created, replaced)).isEqualTo(ReplaceOutcome.REPLACED);
        assertThat(store.load(KEY)).contains(replaced);
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
        store.create(KEY, new SessionRecord(big, expires));
        List<String> seen = new ArrayList<>();
        List<ReplaceOutcome> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread writer = new Thread(() -> {
            SessionRecord current = new SessionRecord(big, expires);
            for (int i = 0; i < 200; i++) {
                SessionRecord next = new SessionRecord(current.data().equals(big) ? other : big, expires);
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

    @Test
    void temporaryFilesAreNamedSoNoScanTakesThemForSessions() throws IOException {
        SessionRecord record = recordOf("a", 1);
        Path temp = Files.createTempFile(dir, "sessionid" + KEY + FileSessionStore.TEMP_INFIX, null);
        Files.setLastModifiedTime(temp, FileTime.from(NOW.minus(Duration.ofDays(365))));
        assertThat(store.load(temp.getFileName().toString().substring("sessionid".length()))).isEmpty();
        store.create(KEY, record);
        clock.advance(Duration.ofDays(30));
        assertThat(store.clearExpired()).isEqualTo(1);
        assertThat(namesIn(dir)).containsExactly(FileSessionStore.LOCK_FILE_NAME, temp.getFileName().toString());
    }

    @Test
    void aMissingDirectoryFailsNamingTheSetting() {
        assertThatThrownBy(() -> new FileSessionStore(root.resolve("nowhere"), "sessionid", policy, codec))
                .isInstanceOf(SessionStoreException.class).hasMessageContaining("SESSION_FILE_PATH");
    }

    @Test
    void aPlainFileIsNoDirectory() throws IOException {
        Path file = Files.createFile(root.resolve("file"));
        assertThatThrownBy(() -> new FileSessionStore(file, "sessionid", policy, codec))
                .isInstanceOf(SessionStoreException.class).hasMessageContaining("SESSION_FILE_PATH");
    }

    @Test
    void aCookieNameWithAPathSeparatorIsRefused() {
        assertThatThrownBy(() -> new FileSessionStore(dir, "../sessionid", policy, codec))
                .isInstanceOf(SessionStoreException.class).hasMessageContaining("SESSION_COOKIE_NAME");
    }

    // --- hostile keys -----------------------------------------------------------------------------------------

    @Test
    void keysThatCouldEscapeTheDirectoryAreUnknownAndTouchNothing() throws IOException {
        Path victim = Files.writeString(root.resolve("victim"), "precious");
        Path nested = Files.createDirectories(dir.resolve("a").resolve("b"));
        Files.writeString(nested.resolve("c"), "also precious");
        // An empty cookie name makes the key the whole file name: the hardest case for traversal.
        FileSessionStore bare = new FileSessionStore(dir, "", policy, codec);
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
