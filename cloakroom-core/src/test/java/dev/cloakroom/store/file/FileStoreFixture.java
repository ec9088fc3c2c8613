package dev.cloakroom.store.file;

import dev.cloakroom.testsupport.MutableClock;
import dev.cloakroom.codec.SessionCodec;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.store.SessionRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A file store on a fresh directory, a movable clock and a real codec for realistic data; helpers to read behind
 * its back. Expiry is the core's business (dev.cloakroom.session.FileExpiryTest); here records only move.
 */
abstract class FileStoreFixture {
    static final String KEY = "swv69bbf96ua7npmqkk06kwzdf9f3na3";
    static final long COOKIE_AGE = 1_209_600;
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00.123456789Z");

    @TempDir
    Path root;
    Path dir;
    final MutableClock clock = new MutableClock(NOW);
    SessionCodec codec;
    FileSessionStore store;

    @BeforeEach
    void open() throws IOException {
        dir = Files.createDirectory(root.resolve("sessions"));
        codec = SessionCodec.fromSettings(SessionSettings.builder().secretKey("file-store-test-secret").build(),
                SessionCodec.SESSION_STORE_SALT, clock);
        store = new FileSessionStore(dir, "sessionid");
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** A record as the core writes it for {@code data} now: data, expiry and the time of the write. */
    SessionRecord recordOf(Map<String, Object> data) {
        Instant now = clock.instant();
        return new SessionRecord(codec.encode(data), now.plusSeconds(COOKIE_AGE), now);
    }

    /** {@code written} as the store gives it back: the data and the file's modification time. */
    static SessionRecord asStored(SessionRecord written) {
        return SessionRecord.savedAt(written.data(), written.savedAt());
    }

    SessionRecord recordOf(Object... keysAndValues) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            data.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return recordOf(data);
    }

    /** Waits up to ten seconds for {@code latch}, for code that may not throw InterruptedException. */
    static boolean awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            return latch.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    Path fileOf(String key) {
        return dir.resolve("sessionid" + key);
    }

    /** Writes a session file behind the store's back, as Django would have, modified at {@code mtime}. */
    Path plant(String key, String content, Instant mtime) throws IOException {
        Path file = Files.writeString(fileOf(key), content, StandardCharsets.US_ASCII);
        Files.setLastModifiedTime(file, FileTime.from(mtime));
        return file;
    }

    List<String> namesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

}
