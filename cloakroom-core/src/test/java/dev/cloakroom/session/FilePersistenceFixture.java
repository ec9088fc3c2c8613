package dev.cloakroom.session;

import dev.cloakroom.codec.SessionCodec;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.store.SessionKeys;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.file.FileSessionStore;
import dev.cloakroom.testsupport.MutableClock;
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
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The file store with the core over it, as the file engine assembles them: the store only moves bytes and
 * modification times, the core works out each file's expiry. Helpers plant files behind their back, as Django
 * would write them.
 */
abstract class FilePersistenceFixture {
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
    StorePersistence persistence;

    @BeforeEach
    void open() throws IOException {
        dir = Files.createDirectory(root.resolve("sessions"));
        policy = policy(COOKIE_AGE);
        codec = SessionCodec.fromSettings(SessionSettings.builder().secretKey("file-store-test-secret").build(),
                SessionCodec.SESSION_STORE_SALT, clock);
        store = new FileSessionStore(dir, "sessionid");
        persistence = persistence(policy);
    }

    @AfterEach
    void close() {
        store.close();
    }

    ExpiryPolicy policy(long cookieAge) {
        return new ExpiryPolicy(cookieAge, false, true, ZoneId.of("America/Chicago"), clock);
    }

    StorePersistence persistence(ExpiryPolicy expiryPolicy) {
        return new StorePersistence("file", store, codec, expiryPolicy, new SessionKeys(),
                new SessionStatistics.Counters());
    }

    /** What the core loads under {@code key}: the data and the expiry it worked out, or empty when dead. */
    Optional<SessionRecord> load(String key) {
        return Optional.ofNullable(persistence.load(key))
                .map(loaded -> new SessionRecord(loaded.record().data(), loaded.record().expiresAt()));
    }

    /** The record the core writes for {@code data} now. */
    SessionRecord recordOf(Map<String, Object> data) {
        return new SessionRecord(codec.encode(data), policy.recordExpiry(data, clock.instant()), clock.instant());
    }

    SessionRecord recordOf(Object... keysAndValues) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            data.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return recordOf(data);
    }

    /** {@code record} as {@link #load} shows it: data and expiry. */
    static SessionRecord loadedForm(SessionRecord record) {
        return new SessionRecord(record.data(), record.expiresAt());
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
