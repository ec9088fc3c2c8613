package dev.cloakroom.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** encode and decode against Django's reference vectors (reference section 3.5). */
class EncodeDecodeCommandTest {
    static final String SECRET = "django-insecure-wire-compat-test-key-0123456789";
    /** The vectors' time.time(): 2023-11-14T22:13:20Z, base62 1r31eq. */
    static final Instant VECTOR_TIME = Instant.ofEpochSecond(1_700_000_000L);
    static final String D1 = "eyJmb28iOiJiYXIifQ:1r31eq:0Q7hJrPELYmSEHGx9VZ_9qKDreGSiA2z4jeGZxBqz9I";
    static final String C1 = "eyJmb28iOiJiYXIifQ:1r31eq:prsl9RUV8DZzE7r2ciUdA4EPs-QuXhNgGoZaN1QFKbo";
    static final String C4 = "e30:1r31eq:nopO3P1O1DZxh35BbYUC4KkyZjN2xaQPJ39qpAdlZU0";
    /** Comfortably more than the vectors' age on any clock this code will meet. */
    static final String CENTURY = String.valueOf(100L * 365 * 24 * 3600);

    @TempDir
    Path dir;

    private Cli cli() {
        return new Cli().env("SECRET_KEY", SECRET);
    }

    @Test
    void encodeAtTheVectorsTimeReproducesD1() {
        Cli.Result result = cli().at(VECTOR_TIME).stdin("{\"foo\": \"bar\"}\n").run("encode");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo(D1 + "\n");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void encodeAsSignedCookieAtTheVectorsTimeReproducesC1() {
        Cli.Result result = cli().at(VECTOR_TIME).stdin("{\"foo\":\"bar\"}")
                .run("encode", "--format", "signed-cookie");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo(C1 + "\n");
    }

    /** Django 3.2 vectors under DEFAULT_HASHING_ALGORITHM='sha1' (reference section 3.5, L1 and S1). */
    static final String LEGACY_L1 = "NTMwYTVlM2JlMjU2N2EwYTI5NDA0MTM5ZDZkODUxYTY5ZGUzYThkZjp7ImZvbyI6ImJhciJ9";
    static final String SHA1_S1 = "eyJmb28iOiJiYXIifQ:1r31eq:kTBMVfb2CjVuCjWmVHTZhhcI6C8";

    @Test
    void decodeReadsDjango32sLegacyFormatsAsDjango32Does() {
        Cli.Result legacy = cli().run("decode", LEGACY_L1);
        Cli.Result sha1 = cli().run("decode", "--format", "signed-cookie", "--max-age", CENTURY, SHA1_S1);

        assertThat(legacy.exitCode()).as(legacy.err()).isZero();
        assertThat(legacy.out()).isEqualTo("{\"foo\":\"bar\"}\n");
        assertThat(sha1.exitCode()).as(sha1.err()).isZero();
        assertThat(sha1.out()).isEqualTo("{\"foo\":\"bar\"}\n");
    }

    @Test
    void decodeRefusesTheLegacyFormatsWhenTheyAreTurnedOff() {
        Cli.Result legacy = cli().env("SESSION_ACCEPT_LEGACY_FORMATS", "False").run("decode", LEGACY_L1);

        assertThat(legacy.exitCode()).isNotZero();
        assertThat(legacy.err()).contains("bad signature");
    }

    @Test
    void encodeRoundTripsThroughDecode() {
        Cli.Result encoded = cli().stdin("{\"foo\":\"bar\"}").run("encode");
        Cli.Result decoded = cli().run("decode", encoded.out().trim());

        assertThat(encoded.exitCode()).isZero();
        assertThat(decoded.exitCode()).isZero();
        assertThat(decoded.out()).isEqualTo("{\"foo\":\"bar\"}\n");
    }

    @Test
    void roundTripKeepsKeyOrderAndValueTypes() {
        String json = "{\"z\":1,\"a\":[1,2.5,null,true,\"x\"],\"big\":123456789012345678901234567890,"
                + "\"m\":{\"y\":\"Zo\\u00eb\",\"b\":false}}";

        Cli.Result encoded = cli().stdin(json).run("encode");
        Cli.Result decoded = cli().stdin(encoded.out()).run("decode");

        assertThat(decoded.exitCode()).isZero();
        assertThat(decoded.out()).isEqualTo(json + "\n");
    }

    @Test
    void signedCookieRoundTripsThroughDecode() {
        Cli.Result encoded = cli().stdin("{\"cart\":[1,2,3],\"user\":\"alice\"}")
                .run("encode", "--format", "signed-cookie");
        Cli.Result decoded = cli().run("decode", "--format", "signed-cookie", encoded.out().trim());

        assertThat(decoded.exitCode()).isZero();
        assertThat(decoded.out()).isEqualTo("{\"cart\":[1,2,3],\"user\":\"alice\"}\n");
    }

    @Test
    void decodeOfD1PrintsFooBar() {
        Cli.Result result = cli().run("decode", D1);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("{\"foo\":\"bar\"}\n");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void decodeReadsStdinWhenGivenNoArgumentAndTrimsIt() {
        Cli.Result result = cli().stdin("  " + D1 + "\n\n").run("decode");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("{\"foo\":\"bar\"}\n");
    }

    @Test
    void prettyDecodeIndentsTheSameObject() {
        Cli.Result result = cli().run("decode", "--pretty", D1);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out().lines()).hasSizeGreaterThan(1);
        assertThat(JsonObjects.parseObject(result.out())).containsExactly(
                java.util.Map.entry("foo", "bar"));
    }

    @Test
    void sessionDataIgnoresItsTimestampAsDjangoDoes() {
        Cli.Result result = cli().at(VECTOR_TIME.plusSeconds(10_000_000)).run("decode", D1);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("{\"foo\":\"bar\"}\n");
    }

    @Test
    void signedCookieDecodeOfC1WorksWithALargeEnoughMaxAge() {
        Cli.Result result = cli().run("decode", "--format", "signed-cookie", "--max-age", CENTURY, C1);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("{\"foo\":\"bar\"}\n");
    }

    @Test
    void signedCookieDecodeOfC1FailsAsExpiredUnderSessionCookieAge() {
        Cli.Result result = cli().run("decode", "--format", "signed-cookie", C1);

        assertThat(result.exitCode()).isOne();
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).isOne();
        assertThat(result.err()).contains("expired", "1209600", "SESSION_COOKIE_AGE");
    }

    @Test
    void signedCookieDecodeHonoursTheSessionCookieAgeSetting() {
        Cli.Result tooOld = cli().env("SESSION_COOKIE_AGE", "60").at(VECTOR_TIME.plusSeconds(61))
                .run("decode", "--format", "signed-cookie", C1);
        Cli.Result young = cli().env("SESSION_COOKIE_AGE", "60").at(VECTOR_TIME.plusSeconds(60))
                .run("decode", "--format", "signed-cookie", C1);

        assertThat(tooOld.exitCode()).isOne();
        assertThat(tooOld.err()).contains("expired");
        assertThat(young.exitCode()).isZero();
        assertThat(young.out()).isEqualTo("{\"foo\":\"bar\"}\n");
    }

    @Test
    void maxAgeAlsoAppliesToSessionDataWhenAskedFor() {
        Cli.Result result = cli().at(VECTOR_TIME.plusSeconds(100)).run("decode", "--max-age", "99", D1);

        assertThat(result.exitCode()).isOne();
        assertThat(result.err()).contains("expired", "--max-age");
    }

    @Test
    void aValidEmptySessionIsNotABadSignature() {
        Cli.Result result = cli().run("decode", "--format", "signed-cookie", "--max-age", CENTURY, C4);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("{}\n");
    }

    @Test
    void tamperedDataIsABadSignature() {
        String tampered = "eyJmb28iOiJiYXoifQ" + D1.substring(D1.indexOf(':'));

        Cli.Result result = cli().run("decode", tampered);

        assertThat(result.exitCode()).isOne();
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).isOne();
        assertThat(result.err()).startsWith("cloakroom decode: bad signature");
    }

    @Test
    void dataOfTheOtherFormatIsABadSignature() {
        Cli.Result result = cli().run("decode", "--format", "signed-cookie", "--max-age", CENTURY, D1);

        assertThat(result.exitCode()).isOne();
        assertThat(result.err()).contains("bad signature").doesNotContain("expired");
    }

    @Test
    void dataSignedWithAnotherSecretIsABadSignature() {
        Cli.Result result = new Cli().env("SECRET_KEY", "another-secret-key-of-sufficient-length-0123456789")
                .run("decode", D1);

        assertThat(result.exitCode()).isOne();
        assertThat(result.err()).contains("bad signature");
    }

    @Test
    void dataSignedWithAFallbackKeyStillDecodesButEncodeSignsWithTheNewKey() {
        Cli cli = new Cli().env("SECRET_KEY", "the-new-secret-key-of-sufficient-length-0123456789")
                .env("SECRET_KEY_FALLBACKS", "an-older-key-0123456789-abcdefghijklmnopqrstu," + SECRET);

        Cli.Result decoded = cli.run("decode", D1);
        Cli.Result reencoded = cli.at(VECTOR_TIME).stdin(decoded.out()).run("encode");

        assertThat(decoded.exitCode()).isZero();
        assertThat(decoded.out()).isEqualTo("{\"foo\":\"bar\"}\n");
        assertThat(reencoded.out().trim()).startsWith("eyJmb28iOiJiYXIifQ:1r31eq:").isNotEqualTo(D1);
    }

    @Test
    void garbageIsABadSignature() {
        Cli.Result result = cli().run("decode", "not-signed-at-all");

        assertThat(result.exitCode()).isOne();
        assertThat(result.errLines()).isOne();
        assertThat(result.err()).contains("bad signature");
    }

    @Test
    void decodeWithoutDataSaysSo() {
        Cli.Result result = cli().stdin("\n").run("decode");

        assertThat(result.exitCode()).isOne();
        assertThat(result.err()).contains("no data");
    }

    @Test
    void missingSecretKeyFailsNamingIt() {
        Cli.Result encode = new Cli().stdin("{\"foo\":\"bar\"}").run("encode");
        Cli.Result decode = new Cli().run("decode", D1);

        for (Cli.Result result : new Cli.Result[] {encode, decode}) {
            assertThat(result.exitCode()).isOne();
            assertThat(result.out()).isEmpty();
            assertThat(result.errLines()).isOne();
            assertThat(result.err()).contains("SECRET_KEY");
        }
    }

    @Test
    void encodeRefusesInputThatIsNotAJsonObject() {
        Cli.Result result = cli().stdin("[1,2]").run("encode");

        assertThat(result.exitCode()).isOne();
        assertThat(result.errLines()).isOne();
        assertThat(result.err()).contains("one JSON object");
    }

    @Test
    void systemPropertiesOverrideTheEnvironment() {
        Cli.Result result = new Cli().env("SECRET_KEY", "another-secret-key-of-sufficient-length-0123456789")
                .systemProperty("SECRET_KEY", SECRET).run("decode", D1);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("{\"foo\":\"bar\"}\n");
    }

    @Test
    void settingsFileSuppliesTheSecretAndTheEnvironmentOverridesIt() throws IOException {
        Path file = dir.resolve("cloakroom.properties");
        Files.writeString(file, "SECRET_KEY=" + SECRET + "\n");

        Cli.Result fromFile = new Cli().run("decode", "--settings", file.toString(), D1);
        Cli.Result overridden = new Cli().env("SECRET_KEY", "another-secret-key-of-sufficient-length-0123456789")
                .run("decode", "--settings", file.toString(), D1);

        assertThat(fromFile.exitCode()).isZero();
        assertThat(fromFile.out()).isEqualTo("{\"foo\":\"bar\"}\n");
        assertThat(overridden.exitCode()).isOne();
        assertThat(overridden.err()).contains("bad signature");
    }
}
