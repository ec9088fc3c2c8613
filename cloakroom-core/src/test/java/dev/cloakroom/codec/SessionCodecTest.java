package dev.cloakroom.codec;

import dev.cloakroom.SessionValueException;

import dev.cloakroom.ImproperlyConfiguredException;
import dev.cloakroom.settings.SerializerChoice;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.signing.Base62;
import dev.cloakroom.signing.Base64Url;
import dev.cloakroom.signing.SecretKeys;
import dev.cloakroom.signing.Signing;
import dev.cloakroom.testsupport.DjangoVectors;
import dev.cloakroom.testsupport.MutableClock;
import dev.cloakroom.testsupport.SecurityLogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.cloakroom.codec.SessionCodec.SESSION_STORE_SALT;
import static dev.cloakroom.codec.SessionCodec.SIGNED_COOKIES_SALT;
import static dev.cloakroom.testsupport.DjangoVectors.C1;
import static dev.cloakroom.testsupport.DjangoVectors.D1;
import static dev.cloakroom.testsupport.DjangoVectors.D2;
import static dev.cloakroom.testsupport.DjangoVectors.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionCodecTest {
    private static final String CORRUPTED = "Session data corrupted";

    private final MutableClock clock = MutableClock.atEpochSecond(DjangoVectors.NOW);
    private final SessionSettings settings = SessionSettings.builder().secretKey(SECRET).build();
    private final SessionCodec db = SessionCodec.fromSettings(settings, SESSION_STORE_SALT, clock);
    private final SessionCodec cookie = SessionCodec.fromSettings(settings, SIGNED_COOKIES_SALT, clock);
    /** Signs arbitrary payloads under the db salt: what only a key holder (or a bug) could produce. */
    private final Signing keyHolder = new Signing(new SecretKeys(SECRET), SESSION_STORE_SALT, clock);

    static Stream<Arguments> badSignatures() {
        String d1Signature = D1.substring(D1.lastIndexOf(':') + 1);
        return Stream.of(
                Arguments.of("tampered signature", flip(D1, D1.length() - 1)),
                Arguments.of("tampered payload", "eyJmb28iOiJiYXoifQ:1r31eq:" + d1Signature),
                Arguments.of("tampered timestamp", D1.replace(":1r31eq:", ":1r31er:")),
                Arguments.of("truncated", D1.substring(0, D1.length() - 1)),
                Arguments.of("truncated to the payload", D1.substring(0, D1.indexOf(':'))),
                Arguments.of("compressed, tampered", flip(D2, 20)),
                Arguments.of("garbage", "this is not a session"),
                Arguments.of("separators only", ":::"),
                Arguments.of("non-ASCII", "é:ü:ß"),
                Arguments.of("empty", ""),
                Arguments.of("null", null),
                Arguments.of("wrong salt (a cookie given to the db codec)", C1));
    }

    /** {@code text} with the character at {@code index} replaced by a different one. */
    private static String flip(String text, int index) {
        char replacement = text.charAt(index) == 'A' ? 'B' : 'A';
        return text.substring(0, index) + replacement + text.substring(index + 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSignatures")
    void badSignatureGivesAnEmptySessionAndOneWarning(String name, String encoded) {
        try (SecurityLogCapture log = SecurityLogCapture.start()) {
            Map<String, Object> decoded = db.decode(encoded);

            assertThat(decoded).isEmpty();
            assertThat(log.warnings()).containsExactly(CORRUPTED);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSignatures")
    void tryDecodeRefusesBadSignaturesSilently(String name, String encoded) {
        try (SecurityLogCapture log = SecurityLogCapture.start()) {
            assertThat(db.tryDecode(encoded, null)).isEmpty();
            assertThat(db.tryDecode(encoded, Duration.ofDays(1))).isEmpty();
            assertThat(log.entries()).isEmpty();
        }
    }

    static Stream<Arguments> signedButUndecodable() {
        return Stream.of(
                Arguments.of("not JSON", "{\"foo\":".getBytes(StandardCharsets.US_ASCII), false),
                Arguments.of("JSON but a list", "[1,2]".getBytes(StandardCharsets.US_ASCII), false),
                Arguments.of("JSON with extra data", "{} {}".getBytes(StandardCharsets.US_ASCII), false),
                Arguments.of("raw control character", "{\"a\":\"\u0001\"}".getBytes(StandardCharsets.ISO_8859_1),
                        false),
                Arguments.of("compressed garbage JSON", "{\"x\":".repeat(40).getBytes(StandardCharsets.US_ASCII),
                        true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signedButUndecodable")
    void signedButUndecodableDataGivesAnEmptySessionAndOneWarning(String name, byte[] payload, boolean compress) {
        String encoded = keyHolder.dumps(payload, compress);
        try (SecurityLogCapture log = SecurityLogCapture.start()) {
            assertThat(db.decode(encoded)).isEmpty();
            assertThat(log.warnings()).singleElement().asString().startsWith(CORRUPTED);
            assertThat(db.tryDecode(encoded, null)).isEmpty();
            assertThat(log.warnings()).hasSize(1);
        }
    }

    @Test
    void signedButMalformedEnvelopeGivesAnEmptySessionAndOneWarning() {
        List<String> malformed = List.of(
                keyHolder.signer().sign("." + Base64Url.encode("not zlib".getBytes(StandardCharsets.US_ASCII))),
                keyHolder.signer().sign("not*base64"),
                new dev.cloakroom.signing.Signer(new SecretKeys(SECRET), SESSION_STORE_SALT).sign("e30"),
                new dev.cloakroom.signing.Signer(new SecretKeys(SECRET), SESSION_STORE_SALT).sign("e30:!!"));
        for (String encoded : malformed) {
            try (SecurityLogCapture log = SecurityLogCapture.start()) {
                assertThat(db.decode(encoded)).as(encoded).isEmpty();
                assertThat(log.warnings()).as(encoded).singleElement().asString().startsWith(CORRUPTED);
            }
        }
    }

    @Test
    void timestampIsIgnoredWithoutMaxAge() {
        clock.advance(Duration.ofSeconds(10_000_000));
        assertThat(db.decode(D1)).isEqualTo(DjangoVectors.fooBar());
        assertThat(cookie.decode(C1, null)).isEqualTo(DjangoVectors.fooBar());
    }

    @Test
    void dataOlderThanMaxAgeIsEmptyWithOneWarning() {
        Duration age = Duration.ofSeconds(1_209_600);
        clock.advance(age);
        assertThat(cookie.decode(C1, age)).isEqualTo(DjangoVectors.fooBar());
        assertThat(cookie.tryDecode(C1, age)).contains(DjangoVectors.fooBar());

        clock.advance(Duration.ofSeconds(1));
        try (SecurityLogCapture log = SecurityLogCapture.start()) {
            assertThat(cookie.decode(C1, age)).isEmpty();
            assertThat(log.warnings()).singleElement().asString().startsWith("Session data expired");
            assertThat(cookie.tryDecode(C1, age)).isEmpty();
            assertThat(log.warnings()).hasSize(1);
        }
    }

    @Test
    void encodeThenDecodeRoundTripsAndStampsTheClock() {
        Map<String, Object> data = DjangoVectors.mixedTypes();
        clock.advance(Duration.ofSeconds(62));
        String encoded = db.encode(data);
        assertThat(encoded).contains(":" + Base62.encode(DjangoVectors.NOW + 62) + ":");
        assertThat(db.decode(encoded)).isEqualTo(data);
    }

    @Test
    void decodedMapIsMutableAndInsertionOrdered() {
        Map<String, Object> decoded = db.decode(D2);
        assertThat(decoded.keySet()).containsExactly("_auth_user_id", "_auth_user_backend", "_auth_user_hash");
        decoded.put("new", 1L);
        assertThat(decoded).containsEntry("new", 1L);
        try (SecurityLogCapture log = SecurityLogCapture.start()) {
            Map<String, Object> empty = db.decode("garbage");
            empty.put("fresh", true);
            assertThat(empty).containsEntry("fresh", true);
            assertThat(log.warnings()).hasSize(1);
        }
    }

    @Test
    void fallbackKeyDecodesButNeverSigns() {
        SessionSettings rotated = SessionSettings.builder()
                .secretKey("a-brand-new-secret-key").secretKeyFallbacks(List.of(SECRET)).build();
        SessionSettings newOnly = SessionSettings.builder().secretKey("a-brand-new-secret-key").build();
        SessionCodec rotatedCodec = SessionCodec.fromSettings(rotated, SESSION_STORE_SALT, clock);

        try (SecurityLogCapture log = SecurityLogCapture.start()) {
            assertThat(rotatedCodec.decode(D1)).isEqualTo(DjangoVectors.fooBar());
            assertThat(rotatedCodec.decode(D2)).isEqualTo(DjangoVectors.authSession());
            assertThat(log.warnings()).isEmpty();
        }
        String reencoded = rotatedCodec.encode(DjangoVectors.fooBar());
        assertThat(reencoded).isNotEqualTo(D1)
                .isEqualTo(SessionCodec.fromSettings(newOnly, SESSION_STORE_SALT, clock).encode(DjangoVectors.fooBar()));
        try (SecurityLogCapture log = SecurityLogCapture.start()) {
            assertThat(db.decode(reencoded)).isEmpty();
            assertThat(log.warnings()).containsExactly(CORRUPTED);
        }
    }

    @Test
    void unwritableValueFailsAtEncodeNamingTheProblem() {
        Map<String, Object> data = DjangoVectors.map("self", null);
        data.put("self", data);
        assertThatThrownBy(() -> db.encode(data)).isInstanceOf(SessionValueException.class);
    }

    @Test
    void javaSerializerIsChosenBySettings() {
        SessionSettings java = SessionSettings.builder().secretKey(SECRET).serializer(SerializerChoice.JAVA)
                .serializerAllowedClasses(List.of(JavaSerializerTest.Cart.class.getName())).build();
        SessionCodec javaCodec = SessionCodec.fromSettings(java, SESSION_STORE_SALT, clock);
        Map<String, Object> data = DjangoVectors.map("cart", new JavaSerializerTest.Cart("alice", List.of(1, 2)));

        String encoded = javaCodec.encode(data);

        assertThat(javaCodec.decode(encoded)).isEqualTo(data);
        try (SecurityLogCapture log = SecurityLogCapture.start()) {
            assertThat(db.decode(encoded)).as("JSON codec reading Java data").isEmpty();
            assertThat(log.warnings()).hasSize(1);
        }
    }

    @Test
    void javaSerializerWithoutAllowListFailsAtStartNamingTheSetting() {
        // settings validation stops this before a codec is ever built
        assertThatThrownBy(() -> SessionCodec.fromSettings(
                SessionSettings.builder().secretKey(SECRET).serializer(SerializerChoice.JAVA).build(),
                SESSION_STORE_SALT, clock))
                .isInstanceOf(ImproperlyConfiguredException.class)
                .hasMessageContaining("SESSION_SERIALIZER_ALLOWED_CLASSES");
    }

    @Test
    void missingSecretKeyFailsAtStartNamingTheSetting() {
        assertThatThrownBy(() -> SessionCodec.fromSettings(SessionSettings.builder().build(), SESSION_STORE_SALT,
                clock))
                .isInstanceOf(ImproperlyConfiguredException.class)
                .hasMessageContaining("SECRET_KEY");
    }

    /**
     * What a key holder could sign: a few KB of zlib that inflate to far more than a save may store. Reading it
     * stops at SESSION_MAX_SIZE instead of inflating the whole payload into memory.
     */
    @Test
    void aCompressedPayloadThatInflatesPastTheMaximumSizeIsAnEmptySession() {
        SessionCodec limited = SessionCodec.fromSettings(
                SessionSettings.builder().secretKey(SECRET).maxSize(1024L).build(),
                SESSION_STORE_SALT, clock);
        byte[] big = ("{\"a\": \"" + "x".repeat(4096) + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] small = ("{\"a\": \"" + "x".repeat(512) + "\"}").getBytes(StandardCharsets.UTF_8);
        String bomb = keyHolder.dumps(big, true);
        String fits = keyHolder.dumps(small, true);
        assertThat(bomb).startsWith(".").hasSizeLessThan(1024);

        try (SecurityLogCapture log = SecurityLogCapture.start()) {
            assertThat(limited.decode(bomb)).isEmpty();
            assertThat(log.warnings()).hasSize(1).allMatch(w -> w.startsWith(CORRUPTED));
        }
        assertThat(limited.decode(fits)).containsEntry("a", "x".repeat(512));
        assertThat(db.decode(bomb)).containsEntry("a", "x".repeat(4096));
    }
}
