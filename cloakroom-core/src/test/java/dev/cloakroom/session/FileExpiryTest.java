package dev.cloakroom.session;

import dev.cloakroom.store.file.FileSessionStore;
import dev.cloakroom.SessionInterruptedException;
import dev.cloakroom.store.SessionRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Expiry of session files derived by the core, as Django derives it, from the file's content and modification
 * time (the store returns only those); clearsessions.
 */
class FileExpiryTest extends FilePersistenceFixture {
    static final Duration AGE = Duration.ofSeconds(COOKIE_AGE);

    @Test
    void withoutAnExpiryOfItsOwnAFileLivesCookieAgeFromItsLastWriteLessItsLastPartialSecond() {
        // Django's file load expires a session once get_expiry_age(), a whole number of seconds, reaches 0
        store.create(KEY, recordOf("a", 1));
        clock.advance(AGE.minusSeconds(1));
        assertThat(load(KEY)).isPresent();
        clock.advance(Duration.ofNanos(1));
        assertThat(load(KEY)).isEmpty();
        assertThat(Files.exists(fileOf(KEY))).isFalse();
    }

    @Test
    void expiryFollowsTheModificationTimeSetBehindTheStoresBack() throws IOException {
        String data = recordOf("a", 1).data();
        Instant recent = NOW.minus(AGE).plusSeconds(60);
        plant(KEY, data, recent);
        assertThat(load(KEY)).contains(new SessionRecord(data, recent.plus(AGE)));
        plant(KEY, data, NOW.minus(AGE));
        assertThat(load(KEY)).isEmpty();
        assertThat(Files.exists(fileOf(KEY))).isFalse();
    }

    @Test
    void anIntegerExpiryCountsFromTheModificationTime() throws IOException {
        // Deviation from Django, whose file backend never expires a positive integer expiry server-side.
        String data = recordOf(ExpiryPolicy.EXPIRY_KEY, 3600).data();
        Instant written = NOW.minusSeconds(3000);
        plant(KEY, data, written);
        assertThat(load(KEY)).contains(new SessionRecord(data, written.plusSeconds(3600)));
        clock.advance(Duration.ofSeconds(600));
        assertThat(load(KEY)).isEmpty();
        assertThat(Files.exists(fileOf(KEY))).isFalse();
    }

    @Test
    void aZeroExpiryMeansCookieAgeOnTheServer() throws IOException {
        String data = recordOf(ExpiryPolicy.EXPIRY_KEY, 0).data();
        Instant written = NOW.minus(Duration.ofDays(1));
        plant(KEY, data, written);
        assertThat(load(KEY)).contains(new SessionRecord(data, written.plus(AGE)));
    }

    @Test
    void aNegativeExpiryIsAlreadyExpired() throws IOException {
        plant(KEY, recordOf(ExpiryPolicy.EXPIRY_KEY, -1).data(), NOW);
        assertThat(load(KEY)).isEmpty();
        assertThat(Files.exists(fileOf(KEY))).isFalse();
    }

    @Test
    void anAbsoluteExpiryIgnoresTheModificationTime() throws IOException {
        Instant end = NOW.plus(Duration.ofHours(2));
        String data = recordOf(ExpiryPolicy.EXPIRY_KEY, policy.isoFormat(end)).data();
        plant(KEY, data, NOW.minus(Duration.ofDays(400)));
        // Django's ISO strings keep microseconds; the stored expiry is the instant they name.
        assertThat(load(KEY)).contains(new SessionRecord(data, end.truncatedTo(ChronoUnit.MICROS)));
        clock.set(end);
        assertThat(load(KEY)).isEmpty();
    }

    @Test
    void anAbsoluteExpiryRoundTripsThroughTheStore() {
        SessionRecord record = recordOf(ExpiryPolicy.EXPIRY_KEY, policy.isoFormat(NOW.plus(Duration.ofDays(3))));
        store.create(KEY, record);
        assertThat(load(KEY)).contains(loadedForm(record));
    }

    @Test
    void undecodableContentExpiresLikeDataWithoutAnExpiry() throws IOException {
        Instant written = NOW.minus(Duration.ofDays(2));
        plant(KEY, "tampered:data:signature", written);
        assertThat(load(KEY)).contains(new SessionRecord("tampered:data:signature", written.plus(AGE)));
    }

    @Test
    void theSameFileAlwaysLoadsAsTheSameRecord() throws IOException {
        plant(KEY, recordOf("a", 1).data(), NOW.minusSeconds(17));
        assertThat(load(KEY)).isPresent().isEqualTo(load(KEY));
    }

    @Test
    void existsSeesAnExpiredFileUntilItIsPurged() throws IOException {
        plant(KEY, recordOf("a", 1).data(), NOW.minus(AGE).minusSeconds(1));
        assertThat(store.exists(KEY)).isTrue();
        persistence.clearExpired();
        assertThat(store.exists(KEY)).isFalse();
    }

    @Test
    void clearExpiredRemovesExpiredFilesAndKeepsLiveOnes() throws IOException {
        // Django's test_clearsessions_command: SESSION_COOKIE_AGE=0, expiries 3600, -3600 and none.
        StorePersistence zeroAge = persistence(policy(0));
        plant("live0000", recordOf(ExpiryPolicy.EXPIRY_KEY, 3600).data(), NOW);
        plant("dead0000", recordOf(ExpiryPolicy.EXPIRY_KEY, -3600).data(), NOW);
        plant("none0000", recordOf("a", 1).data(), NOW);
        assertThat(zeroAge.clearExpired()).hasValue(2);
        assertThat(namesIn(dir)).containsExactly(FileSessionStore.LOCK_FILE_NAME, "sessionidlive0000");
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
        assertThat(persistence.clearExpired()).hasValue(1);
        assertThat(namesIn(dir)).containsExactlyInAnyOrder(FileSessionStore.LOCK_FILE_NAME,
                "sessionid" + KEY + "_out_123.tmp",
                "sessionidUPPERCASE", "unrelated.txt");
    }

    @Test
    void clearExpiredOnAnEmptyDirectoryRemovesNothing() {
        assertThat(persistence.clearExpired()).hasValue(0);
    }

    @Test
    void aFileWithAnEnormousIntegerExpiryLoadsInsteadOfOverflowing() throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(ExpiryPolicy.EXPIRY_KEY, Long.MAX_VALUE);
        plant(KEY, codec.encode(data), NOW);
        assertThatCode(() -> load(KEY)).doesNotThrowAnyException();
        assertThat(load(KEY)).isPresent();
    }

    /** Replaces a store-level test: the core, which knows the expiry, refuses to revive a dead file. */
    @Test
    void savingASessionThatExpiredMeanwhileIsInterruptedAndRevivesNothing() {
        store.create(KEY, recordOf("a", 1));
        SessionPersistence.Loaded base = persistence.load(KEY);
        clock.advance(Duration.ofSeconds(COOKIE_AGE));
        Map<String, Object> changed = new LinkedHashMap<>(Map.of("a", 2));
        assertThatThrownBy(() -> persistence.save(KEY, base, changed,
                new SessionPersistence.Changes(false, java.util.Set.of("a"))))
                .isInstanceOf(SessionInterruptedException.class);
        assertThat(load(KEY)).isEmpty();
        assertThat(Files.exists(fileOf(KEY))).isFalse();
    }
}
