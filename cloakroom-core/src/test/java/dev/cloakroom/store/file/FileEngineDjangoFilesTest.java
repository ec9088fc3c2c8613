package dev.cloakroom.store.file;

import dev.cloakroom.session.Expiry;
import dev.cloakroom.session.Session;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files exactly as Django writes them (reference section 3.5, vectors D1 and D3), both ways, through the file
 * engine as SESSION_ENGINE=file builds it.
 */
class FileEngineDjangoFilesTest {
    static final String SECRET = "django-insecure-wire-compat-test-key-0123456789";
    static final Instant DJANGO_NOW = Instant.ofEpochSecond(1_700_000_000L);
    static final String D1 = "eyJmb28iOiJiYXIifQ:1r31eq:0Q7hJrPELYmSEHGx9VZ_9qKDreGSiA2z4jeGZxBqz9I";
    static final String D3 = "eyJuYW1lIjoiWm9cdTAwZWIgXHUyNjAzIiwibiI6MywiZiI6MS41LCJsIjpbMSwyLG51bGxdLCJiIjp0"
            + "cnVlLCJfc2Vzc2lvbl9leHBpcnkiOjB9:1r31eq:3XHhx_0TE4qs0qRS_tp_bdJuzu-tMPSgtPCgUa0OnOE";
    static final String KEY = "swv69bbf96ua7npmqkk06kwzdf9f3na3";
    static final long COOKIE_AGE = 1_209_600;

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(DJANGO_NOW);

    SessionEngine engine(boolean useTz) {
        return SessionEngines.create(SessionSettings.builder().engine("file").filePath(dir).secretKey(SECRET)
                .cookieAge(COOKIE_AGE).useTz(useTz).timeZone(ZoneId.of("America/Chicago")).build(), clock);
    }

    Path plant(String key, String content, Instant mtime) throws IOException {
        Path file = Files.writeString(dir.resolve("sessionid" + key), content, StandardCharsets.US_ASCII);
        Files.setLastModifiedTime(file, FileTime.from(mtime));
        return file;
    }

    /** Whether the file under {@code key} survives a load at {@code instant}. */
    boolean aliveAt(SessionEngine engine, String key, Instant instant) {
        clock.set(instant);
        engine.open(key).asMap();
        return Files.exists(dir.resolve("sessionid" + key));
    }

    /** Whether it lives until exactly {@code expiresAt}: alive with a whole second left, dead a nanosecond later. */
    boolean livesUntil(SessionEngine engine, String key, Instant expiresAt) {
        return aliveAt(engine, key, expiresAt.minusSeconds(1))
                && !aliveAt(engine, key, expiresAt.minusSeconds(1).plusNanos(1));
    }

    @Test
    void writesTheBytesDjangoWrites() throws IOException {
        try (SessionEngine engine = engine(true)) {
            Session session = engine.open(null);
            session.put("foo", "bar");
            session.save();
            Path file = dir.resolve("sessionid" + session.getSessionKey());
            assertThat(Files.readString(file, StandardCharsets.US_ASCII)).isEqualTo(D1);
            assertThat(Files.getLastModifiedTime(file).toInstant()).isEqualTo(DJANGO_NOW);
        }
    }

    @Test
    void readsAFileDjangoWroteWithItsExpiryRule() throws IOException {
        Instant written = DJANGO_NOW.minusSeconds(3600);
        plant(KEY, D3, written);
        try (SessionEngine engine = engine(true)) {
            Session session = engine.open(KEY);
            assertThat(session.asMap()).containsEntry("name", "Zo\u00eb \u2603")
                    .containsEntry(Expiry.DATA_KEY, 0L);
            assertThat(session.getExpiry()).isEqualTo(Expiry.AT_BROWSER_CLOSE);
            // _session_expiry 0 is falsy to Django: the file lives SESSION_COOKIE_AGE from its modification
            assertThat(livesUntil(engine, KEY, written.plusSeconds(COOKIE_AGE))).isTrue();
        }
    }

    /**
     * USE_TZ false: Django reads a file's mtime as naive local time and adds the lifetime to the wall clock,
     * so a file written at 12:00 Chicago time two weeks before winter time expires at 12:00 CST, and a session
     * written here lives until that same instant.
     */
    @Test
    void naiveTimeAddsTheLifetimeToTheWallClockBothWays() throws IOException {
        Instant noonSummerTime = Instant.parse("2024-10-20T17:00:00Z");
        Instant noonWinterTime = Instant.parse("2024-11-03T18:00:00Z");
        clock.set(noonSummerTime);
        try (SessionEngine naive = engine(false)) {
            plant(KEY, D1, noonSummerTime);
            assertThat(livesUntil(naive, KEY, noonWinterTime)).isTrue();

            clock.set(noonSummerTime);
            Session session = naive.open(null);
            session.put("foo", "bar");
            session.save();
            String other = session.getSessionKey();
            assertThat(Files.getLastModifiedTime(dir.resolve("sessionid" + other)).toInstant())
                    .isEqualTo(noonSummerTime);
            assertThat(livesUntil(naive, other, noonWinterTime)).isTrue();
        }
    }
}
