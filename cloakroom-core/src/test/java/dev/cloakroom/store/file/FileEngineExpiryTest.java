package dev.cloakroom.store.file;

import dev.cloakroom.testsupport.ForwardingStore;

import java.util.Optional;

import java.io.UncheckedIOException;

import dev.cloakroom.store.SessionStore;

import dev.cloakroom.store.SessionRecord;

import dev.cloakroom.SessionInterruptedException;
import dev.cloakroom.session.Expiry;
import dev.cloakroom.session.Session;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.spi.EngineParts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The expiry of session files as an application sees it, through the engine over the file store: the store only
 * returns data and modification time, so these pin down that the engine derives each file's expiry the way
 * Django's file backend does, deletes a dead file when it loads one, and clears expired files.
 *
 * <p>A derived expiry instant is observed through the whole-second rule: a file is alive while at least one
 * whole second is left and dead a nanosecond later, so {@link #livesUntil} fixes the instant to the nanosecond.
 */
class FileEngineExpiryTest extends FileStoreFixture {
    static final Duration AGE = Duration.ofSeconds(COOKIE_AGE);

    SessionEngine engine;

    @BeforeEach
    void buildEngine() {
        engine = engineWithCookieAge(COOKIE_AGE);
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    /** The engine over the fixture's store; the fixture's codec writes what this engine reads. */
    SessionEngine engineWithCookieAge(long cookieAge) {
        SessionSettings settings = SessionSettings.builder().secretKey("file-store-test-secret")
                .cookieAge(cookieAge).build();
        return SessionEngines.builder(settings).clock(clock).engine("file", EngineParts.store(store)).build();
    }

    /** Whether the file under {@code key} survives a load at {@code instant}. */
    boolean aliveAt(String key, Instant instant) {
        clock.set(instant);
        engine.open(key).asMap();
        return Files.exists(fileOf(key));
    }

    /** Whether the file under {@code key} lives until exactly {@code expiresAt} by the whole-second rule. */
    boolean livesUntil(String key, Instant expiresAt) {
        return aliveAt(key, expiresAt.minusSeconds(1)) && !aliveAt(key, expiresAt.minusSeconds(1).plusNanos(1));
    }

    String savedSession(String name, Object value) {
        Session session = engine.open(null);
        session.put(name, value);
        session.save();
        return session.getSessionKey();
    }

    @Test
    void withoutAnExpiryOfItsOwnAFileLivesCookieAgeFromItsLastWriteLessItsLastPartialSecond() {
        // Django's file load expires a session once get_expiry_age(), a whole number of seconds, reaches 0
        String key = savedSession("a", 1);
        clock.advance(AGE.minusSeconds(1));
        assertThat(engine.open(key).asMap()).containsEntry("a", 1L);
        clock.advance(Duration.ofNanos(1));
        Session dead = engine.open(key);
        assertThat(dead.asMap()).isEmpty();
        assertThat(dead.getSessionKey()).as("an expired key is never adopted").isNull();
        assertThat(Files.exists(fileOf(key))).isFalse();
    }

    @Test
    void expiryFollowsTheModificationTimeSetBehindTheStoresBack() throws IOException {
        String data = recordOf("a", 1).data();
        Instant recent = NOW.minus(AGE).plusSeconds(60);
        plant(KEY, data, recent);
        assertThat(engine.open(KEY).asMap()).containsEntry("a", 1L);
        assertThat(livesUntil(KEY, recent.plus(AGE))).isTrue();

        clock.set(NOW);
        plant(KEY, data, NOW.minus(AGE));
        assertThat(engine.open(KEY).asMap()).isEmpty();
        assertThat(Files.exists(fileOf(KEY))).isFalse();
    }

    @Test
    void anIntegerExpiryCountsFromTheModificationTime() throws IOException {
        // Deviation from Django, whose file backend never expires a positive integer expiry server-side.
        Instant written = NOW.minusSeconds(3000);
        plant(KEY, recordOf(Expiry.DATA_KEY, 3600).data(), written);
        assertThat(engine.open(KEY).getExpiry()).isEqualTo(new Expiry.Inactivity(3600));
        assertThat(livesUntil(KEY, written.plusSeconds(3600))).isTrue();
    }

    @Test
    void aZeroExpiryMeansCookieAgeOnTheServer() throws IOException {
        Instant written = NOW.minus(Duration.ofDays(1));
        plant(KEY, recordOf(Expiry.DATA_KEY, 0).data(), written);
        assertThat(engine.open(KEY).getExpiry()).isEqualTo(Expiry.AT_BROWSER_CLOSE);
        assertThat(livesUntil(KEY, written.plus(AGE))).isTrue();
    }

    @Test
    void aNegativeExpiryIsAlreadyExpired() throws IOException {
        plant(KEY, recordOf(Expiry.DATA_KEY, -1).data(), NOW);
        assertThat(engine.open(KEY).asMap()).isEmpty();
        assertThat(Files.exists(fileOf(KEY))).isFalse();
    }

    @Test
    void anAbsoluteExpiryIgnoresTheModificationTime() throws IOException {
        Instant end = NOW.plus(Duration.ofHours(2));
        // Python's isoformat() of that instant with USE_TZ: microseconds and +00:00
        plant(KEY, recordOf(Expiry.DATA_KEY, "2026-03-01T14:00:00.123456+00:00").data(),
                NOW.minus(Duration.ofDays(400)));
        assertThat(engine.open(KEY).asMap()).containsKey(Expiry.DATA_KEY);
        // Django's ISO strings keep microseconds; the expiry is the instant they name.
        assertThat(livesUntil(KEY, end.truncatedTo(ChronoUnit.MICROS))).isTrue();
    }

    @Test
    void anAbsoluteExpiryRoundTripsThroughTheStore() {
        Instant end = NOW.plus(Duration.ofDays(3));
        Session session = engine.open(null);
        session.put("a", 1);
        session.setExpiry(end);
        session.save();
        String key = session.getSessionKey();
        clock.advance(Duration.ofDays(1));
        assertThat(engine.open(key).getExpiry()).isEqualTo(Expiry.at(end.truncatedTo(ChronoUnit.MICROS)));
        assertThat(livesUntil(key, end.truncatedTo(ChronoUnit.MICROS))).isTrue();
    }

    @Test
    void undecodableContentExpiresLikeDataWithoutAnExpiry() throws IOException {
        Instant written = NOW.minus(Duration.ofDays(2));
        plant(KEY, "tampered:data:signature", written);
        assertThat(engine.open(KEY).asMap()).isEmpty();
        assertThat(Files.readString(fileOf(KEY), StandardCharsets.US_ASCII))
                .as("a live file is left alone even when it cannot be read").isEqualTo("tampered:data:signature");
        assertThat(livesUntil(KEY, written.plus(AGE))).isTrue();
    }

    @Test
    void theSameFileAlwaysLoadsAsTheSameSession() throws IOException {
        plant(KEY, recordOf("a", 1).data(), NOW.minusSeconds(17));
        Session first = engine.open(KEY);
        Session second = engine.open(KEY);
        assertThat(first.asMap()).containsEntry("a", 1L).isEqualTo(second.asMap());
        assertThat(first.getExpiryDate()).isEqualTo(second.getExpiryDate());
    }

    @Test
    void existsSeesAnExpiredFileUntilItIsPurged() throws IOException {
        plant(KEY, recordOf("a", 1).data(), NOW.minus(AGE).minusSeconds(1));
        assertThat(engine.open(null).exists(KEY)).isTrue();
        assertThat(engine.clearExpired()).hasValue(1);
        assertThat(engine.open(null).exists(KEY)).isFalse();
    }

    @Test
    void clearExpiredRemovesExpiredFilesAndKeepsLiveOnes() throws IOException {
        // Django's test_clearsessions_command: SESSION_COOKIE_AGE=0, expiries 3600, -3600 and none.
        try (SessionEngine zeroAge = engineWithCookieAge(0)) {
            plant("live0000", recordOf(Expiry.DATA_KEY, 3600).data(), NOW);
            plant("dead0000", recordOf(Expiry.DATA_KEY, -3600).data(), NOW);
            plant("none0000", recordOf("a", 1).data(), NOW);
            assertThat(zeroAge.clearExpired()).hasValue(2);
            assertThat(namesIn(dir)).containsExactly(FileSessionStore.LOCK_FILE_NAME, "sessionidlive0000");
        }
    }

    @Test
    void clearExpiredLeavesFilesThatAreNotSessionsAlone() throws IOException {
        Instant ancient = NOW.minus(Duration.ofDays(1000));
        plant("expired1", recordOf("a", 1).data(), ancient);
        Path temp = Files.writeString(dir.resolve("sessionid" + KEY + "_out_123.tmp"), "partial");
        Path foreign = Files.writeString(dir.resolve("unrelated.txt"), "mine");
        Path upper = Files.writeString(dir.resolve("sessionidUPPERCASE"), "x");
        for (Path file : new Path[] {temp, foreign, upper}) {
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(ancient));
        }
        assertThat(engine.clearExpired()).hasValue(1);
        assertThat(namesIn(dir)).containsExactlyInAnyOrder(FileSessionStore.LOCK_FILE_NAME,
                "sessionid" + KEY + "_out_123.tmp", "sessionidUPPERCASE", "unrelated.txt");
    }

    @Test
    void clearExpiredOnAnEmptyDirectoryRemovesNothing() {
        assertThat(engine.clearExpired()).hasValue(0);
    }

    @Test
    void clearExpiredKeepsAFileInItsLastWholeSecondAndRemovesItANanosecondLater() throws IOException {
        plant(KEY, recordOf("a", 1).data(), NOW);
        clock.set(NOW.plus(AGE).minusSeconds(1));
        assertThat(engine.clearExpired()).hasValue(0);
        clock.advance(Duration.ofNanos(1));
        assertThat(engine.clearExpired()).hasValue(1);
        assertThat(Files.exists(fileOf(KEY))).isFalse();
    }

    @Test
    void aFileWithAnEnormousIntegerExpiryLoadsInsteadOfOverflowing() throws IOException {
        plant(KEY, recordOf(Expiry.DATA_KEY, Long.MAX_VALUE).data(), NOW);
        assertThatCode(() -> engine.open(KEY).asMap()).doesNotThrowAnyException();
        assertThat(engine.open(KEY).asMap()).containsEntry(Expiry.DATA_KEY, Long.MAX_VALUE);
        assertThat(engine.clearExpired()).hasValue(0);
    }

    /** Was the store's refusal to replace an expired file; the engine, which knows the expiry, refuses now. */
    @Test
    void savingASessionThatExpiredMeanwhileRevivesNothingAndTheFileGoes() throws IOException {
        String key = savedSession("a", 1);
        String written = Files.readString(fileOf(key), StandardCharsets.US_ASCII);
        Session stale = engine.open(key);
        assertThat(stale.get("a")).isEqualTo(1L);
        clock.advance(AGE);
        stale.put("a", 2);
        assertThatThrownBy(stale::save).isInstanceOf(SessionInterruptedException.class);
        assertThat(Files.readString(fileOf(key), StandardCharsets.US_ASCII)).as("nothing was written")
                .isEqualTo(written);
        assertThat(engine.open(key).asMap()).isEmpty();
        assertThat(namesIn(dir)).containsExactly(FileSessionStore.LOCK_FILE_NAME);
    }

    /** SESSION_ENGINE=file as settings name it assembles the same store and rules. */
    @Test
    void theFileEngineSettingsNameBehavesTheSame() throws IOException {
        SessionSettings settings = SessionSettings.builder().engine("file").filePath(dir)
                .secretKey("file-store-test-secret").timeZone(ZoneId.of("UTC")).build();
        Instant written = NOW.minusSeconds(10);
        plant(KEY, recordOf("a", 1).data(), written);
        try (SessionEngine configured = SessionEngines.create(settings, clock)) {
            assertThat(configured.open(KEY).asMap()).containsEntry("a", 1L);
            clock.set(written.plus(AGE).minusSeconds(1));
            assertThat(configured.open(KEY).asMap()).containsEntry("a", 1L);
            clock.advance(Duration.ofNanos(1));
            assertThat(configured.open(KEY).asMap()).isEmpty();
            assertThat(Files.exists(fileOf(KEY))).isFalse();
        }
    }

    /**
     * The load reads without a lock and deletes a dead file afterwards: a file written in between (by a Django
     * process, whose save checks no expiry) must survive that delete.
     */
    @Test
    void aFileWrittenBetweenTheReadAndTheDeleteOfADeadOneSurvives() throws IOException {
        plant(KEY, recordOf("a", 1).data(), NOW.minus(AGE).minusSeconds(5));
        String fresh = recordOf("written", "meanwhile").data();
        SessionStore writesAfterReading = new ForwardingStore(store) {
            @Override
            public Optional<SessionRecord> load(String key) {
                Optional<SessionRecord> read = super.load(key);
                try {
                    plant(key, fresh, NOW);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return read;
            }
        };
        SessionSettings settings = SessionSettings.builder().secretKey("file-store-test-secret").build();
        try (SessionEngine racing = SessionEngines.builder(settings).clock(clock)
                .engine("file", EngineParts.store(writesAfterReading)).build()) {
            assertThat(racing.open(KEY).asMap()).as("the file read was dead").isEmpty();
        }
        assertThat(Files.readString(fileOf(KEY), StandardCharsets.US_ASCII)).isEqualTo(fresh);
    }
}
