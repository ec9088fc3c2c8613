package dev.cloakroom.store.file;

import dev.cloakroom.session.ExpiryPolicy;
import dev.cloakroom.store.SessionRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Expiry derived, as Django derives it, from the file's content and modification time; clearsessions. */
class FileSessionStoreExpiryTest extends FileStoreFixture {
    static final Duration AGE = Duration.ofSeconds(COOKIE_AGE);

    @Test
    void withoutAnExpiryOfItsOwnAFileLivesCookieAgeFromItsLastWriteLessItsLastPartialSecond() {
        // Django's file load expires a session once get_expiry_age(), a whole number of seconds, reaches 0
        store.create(KEY, recordOf("a", 1));
        clock.advance(AGE.minusSeconds(1));
        assertThat(store.load(KEY)).isPresent();
        clock.advance(Duration.ofNanos(1));
        assertThat(store.load(KEY)).isEmpty();
        assertThat(Files.exists(fileOf(KEY))).isFalse();
    }

    @Test
    void expiryFollowsTheModificationTimeSetBehindTheStoresBack() throws IOException {
        String data = recordOf("a", 1).data();
        Instant recent = NOW.minus(AGE).plusSeconds(60);
        plant(KEY, data, recent);
        assertThat(store.load(KEY)).contains(new SessionRecord(data, recent.plus(AGE)));
        plant(KEY, data, NOW.minus(AGE));
        assertThat(store.load(KEY)).isEmpty();
        assertThat(Files.exists(fileOf(KEY))).isFalse();
    }

    @Test
    void anIntegerExpiryCountsFromTheModificationTime() throws IOException {
        // Deviation from Django, whose file backend never expires a positive integer expiry server-side.
        String data = recordOf(ExpiryPolicy.EXPIRY_KEY, 3600).data();
        Instant written = NOW.minusSeconds(3000);
        plant(KEY, data, written);
        assertThat(store.load(KEY)).contains(new SessionRecord(data, written.plusSeconds(3600)));
        clock.advance(Duration.ofSeconds(600));
        assertThat(store.load(KEY)).isEmpty();
        assertThat(Files.exists(fileOf(KEY))).isFalse();
    }

    @Test
    void aZeroExpiryMeansCookieAgeOnTheServer() throws IOException {
        String data = recordOf(ExpiryPolicy.EXPIRY_KEY, 0).data();
        Instant written = NOW.minus(Duration.ofDays(1));
        plant(KEY, data, written);
        assertThat(store.load(KEY)).contains(new SessionRecord(data, written.plus(AGE)));
    }

    @Test
    void aNegativeExpiryIsAlreadyExpired() throws IOException {
        plant(KEY, recordOf(ExpiryPolicy.EXPIRY_KEY, -1).data(), NOW);
        assertThat(store.load(KEY)).isEmpty();
        assertThat(Files.exists(fileOf(KEY))).isFalse();
    }

    @Test
    void anAbsoluteExpiryIgnoresTheModificationTime() throws IOException {
        Instant end = NOW.plus(Duration.ofHours(2));
        String data = recordOf(ExpiryPolicy.EXPIRY_KEY, policy.isoFormat(end)).data();
        plant(KEY, data, NOW.minus(Duration.ofDays(400)));
        // Django's ISO strings keep microseconds; the stored expiry is the instant they name.
        assertThat(store.load(KEY)).contains(new SessionRecord(data, end.truncatedTo(ChronoUnit.MICROS)));
        clock.set(end);
        assertThat(store.load(KEY)).isEmpty();
    }

    @Test
    void anAbsoluteExpiryRoundTripsThroughTheStore() {
        SessionRecord record = recordOf(ExpiryPolicy.EXPIRY_KEY, policy.isoFormat(NOW.plus(Duration.ofDays(3))));
        store.create(KEY, record);
        assertThat(store.load(KEY)).contains(record);
    }

    @Test
    void undecodableContentExpiresLikeDataWithoutAnExpiry() throws IOException {
        Instant written = NOW.minus(Duration.ofDays(2));
        plant(KEY, "tampered:data:signature", written);
        assertThat(store.load(KEY)).contains(new SessionRecord("tampered:data:signature", written.plus(AGE)));
    }

    @Test
    void theSameFileAlwaysLoadsAsTheSameRecord() throws IOException {
        plant(KEY, recordOf("a", 1).data(), NOW.minusSeconds(17));
        assertThat(store.load(KEY)).isPresent().isEqualTo(store.load(KEY));
    }

    @Test
    void existsSeesAnExpiredFileUntilItIsPurged() throws IOException {
        plant(KEY, recordOf("a", 1).data(), NOW.minus(AGE).minusSeconds(1));
        assertThat(store.exists(KEY)).isTrue();
        store.clearExpired();
        assertThat(store.exists(KEY)).isFalse();
    }

    @Test
    void clearExpiredRemovesExpiredFilesAndKeepsLiveOnes() throws IOException {
        // Django's test_clearsessions_command: SESSION_COOKIE_AGE=0, expiries 3600, -3600 and none.
        FileSessionStore zeroAge = new FileSessionStore(dir, "sessionid", policy(0), codec);
        try {
            plant("live0000", recordOf(ExpiryPolicy.EXPIRY_KEY, 3600).data(), NOW);
            plant("dead0000", recordOf(ExpiryPolicy.EXPIRY_KEY, -3600).data(), NOW);
            plant("none0000", recordOf("a", 1).data(), NOW);
            assertThat(zeroAge.clearExpired()).isEqualTo(2);
            assertThat(namesIn(dir)).containsExactly(FileSessionStore.LOCK_FILE_NAME, "sessionidlive0000");
        } finally {
            zeroAge.close();
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
        assertThat(store.clearExpired()).isEqualTo(1);
        assertThat(namesIn(dir)).containsExactlyInAnyOrder(FileSessionStore.LOCK_FILE_NAME,
                "sessionid" + KEY + "_out_123.tmp",
                "sessionidUPPERCASE", "unrelated.txt");
    }

    @Test
    void clearExpiredOnAnEmptyDirectoryRemovesNothing() {
        assertThat(store.clearExpired()).isZero();
    }
}
