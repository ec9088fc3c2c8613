package dev.cloakroom.codec;

import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.signing.BadSignatureException;
import dev.cloakroom.signing.SecretKeys;
import dev.cloakroom.signing.Signing;
import dev.cloakroom.testsupport.DjangoVectors;
import dev.cloakroom.testsupport.MutableClock;
import dev.cloakroom.testsupport.SecurityLogCapture;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.cloakroom.codec.SessionCodec.SESSION_STORE_SALT;
import static dev.cloakroom.codec.SessionCodec.SIGNED_COOKIES_SALT;
import static dev.cloakroom.testsupport.DjangoVectors.L1;
import static dev.cloakroom.testsupport.DjangoVectors.L2;
import static dev.cloakroom.testsupport.DjangoVectors.L3;
import static dev.cloakroom.testsupport.DjangoVectors.S1;
import static dev.cloakroom.testsupport.DjangoVectors.S2;
import static dev.cloakroom.testsupport.DjangoVectors.S3;
import static dev.cloakroom.testsupport.DjangoVectors.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Data Django 3.2 reads and 4.0 no longer does (reference sections 3.3 and 3.5): the pre-3.1 hash:json format
 * and SHA-1 signatures, read by default and never written.
 */
class LegacyFormatsTest {
    private final MutableClock clock = MutableClock.atEpochSecond(DjangoVectors.NOW);
    private final SessionSettings settings = SessionSettings.builder().secretKey(SECRET).build();
    private final SessionCodec db = SessionCodec.fromSettings(settings, SESSION_STORE_SALT, clock);
    private final SessionCodec cookie = SessionCodec.fromSettings(settings, SIGNED_COOKIES_SALT, clock);

    @Test
    void legacyAcceptedByDefaultAsDjango32Does() {
        assertThat(settings.acceptLegacyFormats()).isTrue();
    }

    @Test
    void readsPreDjango31DataOfTheDbAndFileEngines() {
        try (SecurityLogCapture log = SecurityLogCapture.start()) {
            assertThat(db.decode(L1)).isEqualTo(DjangoVectors.fooBar());
            assertThat(db.decode(L2)).isEqualTo(DjangoVectors.authSession());
            assertThat(db.tryDecode(L2, null)).contains(DjangoVectors.authSession());
            assertThat(log.entries()).isEmpty();
        }
    }

    @Test
    void readsDjangosOwnLegacyTestVector() {
        SessionCodec codec = SessionCodec.fromSettings(
                SessionSettings.builder().secretKey(DjangoVectors.L3_SECRET).build(), SESSION_STORE_SALT, clock);
        assertThat(codec.decode(L3)).isEqualTo(Map.of("a test key", "a test value"));
    }

    @Test
    void legacyDataVerifiesWithAFallbackKeyToo() {
        SessionCodec rotated = SessionCodec.fromSettings(settings.toBuilder().secretKey("the new key")
                .secretKeyFallbacks(List.of(SECRET)).build(), SESSION_STORE_SALT, clock);
        assertThat(rotated.decode(L1)).isEqualTo(DjangoVectors.fooBar());
    }

    @Test
    void legacyDataWrappedEvery76CharactersAsDjango14WroteItIsRead() {
        String wrapped = L2.replaceAll("(.{76})", "$1\n") + "\n";
        assertThat(db.decode(wrapped)).isEqualTo(DjangoVectors.authSession());
    }

    @Test
    void tamperedLegacyDataIsAnEmptySessionAndOneWarning() {
        String tampered = Base64.getEncoder().encodeToString(new String(Base64.getDecoder().decode(L1),
                StandardCharsets.US_ASCII).replace("bar", "baz").getBytes(StandardCharsets.US_ASCII));
        String wrongKey = Base64.getEncoder().encodeToString(
                ("0".repeat(40) + ":{\"foo\":\"bar\"}").getBytes(StandardCharsets.US_ASCII));
        for (String bad : List.of(tampered, wrongKey, L1.substring(0, L1.length() - 2))) {
            try (SecurityLogCapture log = SecurityLogCapture.start()) {
                assertThat(db.decode(bad)).as(bad).isEmpty();
                assertThat(log.warnings()).as(bad).containsExactly("Session data corrupted");
            }
        }
    }

    @Test
    void legacyDataIsDecodedAsStrictlyAsPythonDoes() {
        String unpadded = L2.substring(0, L2.length() - 1);
        try (SecurityLogCapture log = SecurityLogCapture.start()) {
            assertThat(db.decode(unpadded)).as("Python: Incorrect padding").isEmpty();
            assertThat(db.decode("é" + L1)).as("Python: not ASCII").isEmpty();
            assertThat(log.warnings()).containsExactly("Session data corrupted", "Session data corrupted");
        }
    }

    @Test
    void readsSha1SignedCookiesOfDjango31And32() {
        Duration age = Duration.ofSeconds(settings.cookieAge());
        assertThat(cookie.decode(S1, age)).isEqualTo(DjangoVectors.fooBar());
        assertThat(cookie.decode(S2, age)).isEqualTo(DjangoVectors.cart());
    }

    @Test
    void sha1SignedCookiesStillExpire() {
        clock.advance(Duration.ofSeconds(settings.cookieAge() + 1));
        try (SecurityLogCapture log = SecurityLogCapture.start()) {
            assertThat(cookie.decode(S1, Duration.ofSeconds(settings.cookieAge()))).isEmpty();
            assertThat(log.warnings()).singleElement().asString().startsWith("Session data expired");
        }
    }

    @Test
    void sha1SignaturesVerifyUnderTheirOwnSaltOnly() {
        Signing generic = new Signing(new SecretKeys(SECRET), "django.core.signing", clock, true);
        assertThat(new String(generic.loads(S3), StandardCharsets.US_ASCII)).isEqualTo("\"hello\"");
        assertThat(db.decode(S1)).isEmpty();
        assertThatThrownBy(() -> generic.loads(S1)).isInstanceOf(BadSignatureException.class);
    }

    @Test
    void theLegacyHashFormatIsNeverACookie() {
        assertThat(cookie.decode(L1, null)).isEmpty();
    }

    @Test
    void whatIsReadInALegacyFormatIsWrittenInTheCurrentOne() {
        Map<String, Object> data = db.decode(L2);
        assertThat(db.encode(data)).isEqualTo(DjangoVectors.D2);
        assertThat(cookie.encode(cookie.decode(S2, null))).isEqualTo(DjangoVectors.C3);
    }

    @Test
    void turnedOffTheLegacyFormatsAreRefusedAsDjango40RefusesThem() {
        SessionSettings strict = settings.toBuilder().acceptLegacyFormats(false).build();
        SessionCodec strictDb = SessionCodec.fromSettings(strict, SESSION_STORE_SALT, clock);
        SessionCodec strictCookie = SessionCodec.fromSettings(strict, SIGNED_COOKIES_SALT, clock);
        try (SecurityLogCapture log = SecurityLogCapture.start()) {
            assertThat(strictDb.decode(L1)).isEmpty();
            assertThat(strictCookie.decode(S1, null)).isEmpty();
            assertThat(log.warnings()).containsExactly("Session data corrupted", "Session data corrupted");
        }
        assertThat(strictDb.decode(DjangoVectors.D1)).isEqualTo(DjangoVectors.fooBar());
    }

    @Test
    void theSettingIsReadFromText() {
        assertThat(SessionSettings.builder().secretKey(SECRET).set("SESSION_ACCEPT_LEGACY_FORMATS", "False").build()
                .acceptLegacyFormats()).isFalse();
        assertThat(settings.describe()).containsEntry("SESSION_ACCEPT_LEGACY_FORMATS", "True");
    }
}
