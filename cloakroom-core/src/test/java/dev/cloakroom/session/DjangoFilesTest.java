package dev.cloakroom.session;

import dev.cloakroom.testsupport.MutableClock;
import dev.cloakroom.codec.SessionCodec;
import dev.cloakroom.store.SessionKeys;
import dev.cloakroom.store.file.FileSessionStore;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.store.SessionRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Files exactly as Django writes them (reference section 3.5, vectors D1 and D3), both ways. */
class DjangoFilesTest {
    static final String SECRET = "django-insecure-wire-compat-test-key-0123456789";
    static final Instant DJANGO_NOW = Instant.ofEpochSecond(1_700_000_000L);
    static final String D1 = "eyJmb28iOiJiYXIifQ:1r31eq:0Q7hJrPELYmSEHGx9VZ_9qKDreGSiA2z4jeGZxBqz9I";
    static final String D3 = "eyJuYW1lIjoiWm9cdTAwZWIgXHUyNjAzIiwibiI6MywiZiI6MS41LCJsIjpbMSwyLG51bGxdLCJiIjp0"
            + "cnVlLCJfc2Vzc2lvbl9leHBpcnkiOjB9:1r31eq:3XHhx_0TE4qs0qRS_tp_bdJuzu-tMPSgtPCgUa0OnOE";
    static final String KEY = "swv69bbf96ua7npmqkk06kwzdf9f3na3";

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(DJANGO_NOW);
    final ExpiryPolicy policy = new ExpiryPolicy(1_209_600, false, true, ZoneId.of("America/Chicago"), clock);
    SessionCodec codec;
    FileSessionStore store;
    StorePersistence persistence;

    @BeforeEach
    void open() {
        codec = SessionCodec.fromSettings(SessionSettings.builder().secretKey(SECRET).build(),
                SessionCodec.SESSION_STORE_SALT, clock);
        store = new FileSessionStore(dir, "sessionid");
        persistence = persistence(policy);
    }

    private StorePersistence persistence(ExpiryPolicy expiryPolicy) {
        return new StorePersistence("file", store, codec, expiryPolicy, new SessionKeys(),
                new SessionStatistics.Counters());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void writesTheBytesDjangoWrites() throws IOException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("foo", "bar");
        store.create(KEY, new SessionRecord(codec.encode(data), policy.recordExpiry(data, clock.instant()),
                clock.instant()));
        assertThat(Files.readString(dir.resolve("sessionid" + KEY), StandardCharsets.US_ASCII)).isEqualTo(D1);
    }

    @Test
    void readsAFileDjangoWroteWithItsExpiryRule() throws IOException {
        Path file = Files.writeString(dir.resolve("sessionid" + KEY), D3, StandardCharsets.US_ASCII);
        Instant written = DJANGO_NOW.minusSeconds(3600);
        Files.setLastModifiedTime(file, FileTime.from(written));
        SessionRecord loaded = persistence.load(KEY).record();
        assertThat(loaded).isEqualTo(new SessionRecord(D3, written.plusSeconds(1_209_600), written));
        assertThat(codec.decode(loaded.data())).containsEntry("name", "Zo\u00eb \u2603")
                .containsEntry(ExpiryPolicy.EXPIRY_KEY, 0L);
    }

    /**
     * USE_TZ false: Django reads a file's mtime as naive local time and adds the lifetime to the wall clock,
     * so a file written at 12:00 Chicago time two weeks before winter time expires at 12:00 CST, and a record
     * written here comes back with the expiry it was given.
     */
    @Test
    void naiveTimeAddsTheLifetimeToTheWallClockBothWays() throws IOException {
        Instant noonSummerTime = Instant.parse("2024-10-20T17:00:00Z");
        Instant noonWinterTime = Instant.parse("2024-11-03T18:00:00Z");
        clock.set(noonSummerTime);
        ExpiryPolicy naive = new ExpiryPolicy(1_209_600, false, false, ZoneId.of("America/Chicago"), clock);
        StorePersistence naiveCore = persistence(naive);
        Path file = Files.writeString(dir.resolve("sessionid" + KEY), D1, StandardCharsets.US_ASCII);
        Files.setLastModifiedTime(file, FileTime.from(noonSummerTime));
        assertThat(naiveCore.load(KEY).record().expiresAt()).isEqualTo(noonWinterTime);

        Map<String, Object> data = Map.of("foo", "bar");
        SessionRecord record = new SessionRecord(codec.encode(data), naive.recordExpiry(data, clock.instant()),
                clock.instant());
        assertThat(record.expiresAt()).isEqualTo(noonWinterTime);
        String other = "a".repeat(32);
        store.create(other, record);
        assertThat(Files.getLastModifiedTime(dir.resolve("sessionid" + other)).toInstant())
                .isEqualTo(noonSummerTime);
        assertThat(naiveCore.load(other).record()).isEqualTo(record);
    }
}
