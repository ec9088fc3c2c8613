package dev.cloakroom.store.file;

import dev.cloakroom.testsupport.MutableClock;
import dev.cloakroom.codec.SessionCodec;
import dev.cloakroom.session.ExpiryPolicy;
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
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A file store on a fresh directory, a movable clock and a real codec; helpers to read behind its back. */
abstract class FileStoreFixture {
    static final String KEY = "swv69bbf96ua7npmqkk06kwzdf9f3na3";
    static final long COOKIE_AGE = 1_209_600;
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00.123456789Z");

    @TempDir
    Path root;
    Path dir;
    final MutableClock clock = new MutableClock(NOW);
    ExpiryPolicy policy;
    SessionCodec codec;
    FileSessionStore store;

    @BeforeEach
    void open() throws IOException {
        dir = Files.createDirectory(root.resolve("sessions"));
        policy = policy(COOKIE_AGE);
        codec = SessionCodec.fromSettings(SessionSettings.builder().secretKey("file-store-test-secret").build(),
                SessionCodec.SESSION_STORE_SALT, clock);
        store = new FileSessionStore(dir, "sessionid", policy, codec);
    }

    @AfterEach
    void close() {
        store.close();
    }

    ExpiryPolicy policy(long cookieAge) {
        return new ExpiryPolicy(cookieAge, false, true, ZoneId.of("America/Chicago"), clock);
    }

    /** The record StoredSessionBackend would write for {@code data} now. */
    SessionRecord recordOf(Map<String, Object> data) {
        return new SessionRecord(codec.encode(data), policy.recordExpiry(data, clock.instant()));
    }

    SessionRecord recordOf(Object... keysAndValues) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            data.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return recordOf(data);
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
