package dev.cloakroom.interop;

import dev.cloakroom.session.Expiry;
import dev.cloakroom.session.Session;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden vectors for what current Django (4.1 to 5.x, not installable on these machines) writes where it
 * differs from 3.2, so that the difference is pinned without running it. All at Django's reference inputs:
 * {@code SECRET_KEY = SECRET}, {@code time.time() = 1700000000.0} (base62 {@code 1r31eq}), JSON serializer.
 *
 * <p>Where each shape comes from:
 * <ul>
 *   <li>ISO-string {@code _session_expiry}: Django 4.1's commit 436862787c ("Refs #29708 -- Made SessionBase
 *       store expiry as string"); {@code SessionBase.set_expiry} in {@code django/contrib/sessions/backends/base.py}
 *       (main, lines 356-382) stores {@code value.isoformat()} for a datetime and
 *       {@code (timezone.now() + value).isoformat()} for a timedelta; {@code get_expiry_age}/{@code get_expiry_date}
 *       (lines 270-337) read it back with {@code datetime.fromisoformat}. Django's tests:
 *       {@code tests/sessions_tests/tests.py}, {@code test_custom_expiry_datetime} and
 *       {@code test_custom_expiry_timedelta}.</li>
 *   <li>The signed bytes: {@code signing.dumps(data, salt="django.contrib.sessions.SessionStore",
 *       compress=True)} in {@code django/core/signing.py}, unchanged from 3.2 to main for these inputs; the
 *       strings below were produced by Django 3.2.25's {@code signing.dumps} of the dictionaries main stores,
 *       which main reproduces byte for byte: the signing code is the same, and for the reference's own vectors
 *       (section 3.5) both versions gave identical output.</li>
 *   <li>{@code SECRET_KEY_FALLBACKS}: Django 4.1's commit 0dcd549bbe (#30360); {@code Signer.unsign} in
 *       {@code django/core/signing.py} (main, lines 178-252) tries {@code SECRET_KEY} and then each fallback,
 *       while {@code sign} uses {@code SECRET_KEY} only. Django's tests: {@code tests/signing/tests.py},
 *       {@code test_verify_with_non_default_key} and {@code test_default_keys_verification} (Django 4.2).</li>
 * </ul>
 */
class CurrentDjangoVectorsTest {
    static final String SECRET = "django-insecure-wire-compat-test-key-0123456789";
    static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);

    /** Django 4.1+: {@code set_expiry(datetime(2030, 1, 2, 3, 4, 5, 678901, tzinfo=timezone.utc))}, USE_TZ=True. */
    static final String AWARE_DATETIME_EXPIRY = "eyJfc2Vzc2lvbl9leHBpcnkiOiIyMDMwLTAxLTAyVDAzOjA0OjA1LjY3ODkwMSswMDowMCJ9"
            + ":1r31eq:XvKFGMsEU_rwAR3dcPi82mbqLWFpK88xwTjsPy0YWQI";
    /** Django 4.1+: {@code session["user"] = "alice"; set_expiry(timedelta(hours=1))} at NOW, USE_TZ=True. */
    static final String TIMEDELTA_EXPIRY = "eyJ1c2VyIjoiYWxpY2UiLCJfc2Vzc2lvbl9leHBpcnkiOiIyMDIzLTExLTE0VDIzOjEzOjIwKzAwOjAwIn0"
            + ":1r31eq:V5eheuFbBBEvBHHjcl5qNSzphiILl_U2VqoXllqRLWg";
    /** Django 4.1+: {@code set_expiry(datetime(2030, 1, 2, 3, 4, 5, 678901))}, USE_TZ=False: naive local time. */
    static final String NAIVE_DATETIME_EXPIRY = "eyJfc2Vzc2lvbl9leHBpcnkiOiIyMDMwLTAxLTAyVDAzOjA0OjA1LjY3ODkwMSJ9"
            + ":1r31eq:ROQbV6BBPu8x1Y_tF1qOJcyFMM6Gltxb6z4s-m_0oMg";
    /** Django's reference vector D1 ({"foo": "bar"} signed with SECRET), as read by a Django rotated off SECRET. */
    static final String SIGNED_WITH_SECRET = "eyJmb28iOiJiYXIifQ:1r31eq:0Q7hJrPELYmSEHGx9VZ_9qKDreGSiA2z4jeGZxBqz9I";

    @TempDir
    Path directory;

    private SessionEngine engine(SessionSettings.Builder settings) {
        return SessionEngines.builder(settings.engine("file").filePath(directory).build())
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    }

    private SessionSettings.Builder awareSettings() {
        return SessionSettings.builder().secretKey(SECRET);
    }

    private String stored(Session session) throws IOException {
        return Files.readString(directory.resolve("sessionid" + session.getSessionKey()));
    }

    private Session planted(SessionEngine engine, String encoded) throws IOException {
        String key = "currentdjangovector" + Integer.toHexString(encoded.hashCode());
        Files.writeString(directory.resolve("sessionid" + key), encoded);
        return engine.open(key);
    }

    @Test
    void anAwareDatetimeExpiryIsWrittenAndReadAsDjango41Does() throws IOException {
        Instant at = Instant.parse("2030-01-02T03:04:05.678901Z");
        try (SessionEngine engine = engine(awareSettings())) {
            Session written = engine.open(null);
            written.setExpiry(at);
            written.save();
            assertThat(stored(written)).isEqualTo(AWARE_DATETIME_EXPIRY);

            Session read = planted(engine, AWARE_DATETIME_EXPIRY);
            assertThat(read.get(Expiry.DATA_KEY)).isEqualTo("2030-01-02T03:04:05.678901+00:00");
            assertThat(read.getExpiry()).isEqualTo(Expiry.at(at));
            assertThat(read.getExpiryDate()).isEqualTo(at);
        }
    }

    @Test
    void aTimedeltaExpiryIsStoredAsTheInstantItEndsAsDjango41Does() throws IOException {
        try (SessionEngine engine = engine(awareSettings())) {
            Session written = engine.open(null);
            written.put("user", "alice");
            written.setExpiry(Duration.ofHours(1));
            written.save();
            assertThat(stored(written)).isEqualTo(TIMEDELTA_EXPIRY);

            Session read = planted(engine, TIMEDELTA_EXPIRY);
            assertThat(read.get(Expiry.DATA_KEY)).isEqualTo("2023-11-14T23:13:20+00:00");
            assertThat(read.getExpiryAge()).isEqualTo(3600);
        }
    }

    @Test
    void aNaiveDatetimeExpiryIsLocalTimeInTimeZoneAsDjango41WritesItWithoutUseTz() throws IOException {
        ZoneId chicago = ZoneId.of("America/Chicago");
        Instant at = java.time.LocalDateTime.parse("2030-01-02T03:04:05.678901").atZone(chicago).toInstant();
        try (SessionEngine engine = engine(awareSettings().useTz(false).timeZone(chicago))) {
            Session written = engine.open(null);
            written.setExpiry(at);
            written.save();
            assertThat(stored(written)).isEqualTo(NAIVE_DATETIME_EXPIRY);

            assertThat(planted(engine, NAIVE_DATETIME_EXPIRY).getExpiryDate()).isEqualTo(at);
        }
    }

    @Test
    void dataSignedWithAFallbackKeyIsReadAndWhatIsWrittenNextIsSignedWithTheNewKey() throws IOException {
        String rewritten;
        try (SessionEngine engine = engine(awareSettings().secretKey("a-new-key-after-rotation-0123456789")
                .secretKeyFallbacks(List.of(SECRET)))) {
            Session read = planted(engine, SIGNED_WITH_SECRET);
            assertThat(read.asMap()).isEqualTo(Map.of("foo", "bar"));

            read.put("foo", "bar");
            read.save();
            rewritten = stored(read);
            assertThat(rewritten).startsWith("eyJmb28iOiJiYXIifQ:1r31eq:").isNotEqualTo(SIGNED_WITH_SECRET);
        }
        try (SessionEngine oldKeyOnly = engine(awareSettings())) {
            assertThat(planted(oldKeyOnly, rewritten).asMap()).as("not signed with the old key").isEmpty();
        }
    }
}
