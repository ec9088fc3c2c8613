package dev.cloakroom.signing;

import dev.cloakroom.codec.SignedJson;

import dev.cloakroom.codec.DjangoJsonSerializer;
import dev.cloakroom.codec.SessionCodec;
import dev.cloakroom.testsupport.DjangoVectors;
import dev.cloakroom.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static dev.cloakroom.testsupport.DjangoVectors.D1;
import static dev.cloakroom.testsupport.DjangoVectors.D2;
import static dev.cloakroom.testsupport.DjangoVectors.G1;
import static dev.cloakroom.testsupport.DjangoVectors.NOW;
import static dev.cloakroom.testsupport.DjangoVectors.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SigningTest {
    private final MutableClock clock = MutableClock.atEpochSecond(NOW);
    private final Signing db = new Signing(new SecretKeys(SECRET), SessionCodec.SESSION_STORE_SALT, clock);

    @Test
    void dumpsOfAStringWithTheDefaultSaltIsVectorG1() {
        Signing core = new Signing(new SecretKeys(SECRET), Signing.DEFAULT_SALT, clock);
        assertThat(SignedJson.dumps(core, "hello")).isEqualTo(G1);
        assertThat(SignedJson.loads(core, G1, null)).isEqualTo("hello");
    }

    @Test
    void shortDataIsNotCompressed() {
        byte[] json = "{\"foo\":\"bar\"}".getBytes(StandardCharsets.US_ASCII);
        assertThat(db.dumps(json, true)).isEqualTo(D1);
        assertThat(db.loads(D1)).isEqualTo(json);
    }

    @Test
    void compressedPayloadMatchesPythonZlibInVectorD2() {
        byte[] json = DjangoJsonSerializer.dumpsValue(DjangoVectors.authSession());
        assertThat(db.dumps(json, true)).isEqualTo(D2).startsWith(".eJ");
        assertThat(db.loads(D2)).isEqualTo(json);
    }

    @Test
    void withoutCompressionTheSameDataStaysPlain() {
        byte[] json = DjangoJsonSerializer.dumpsValue(DjangoVectors.authSession());
        String plain = db.dumps(json, false);
        assertThat(plain).doesNotStartWith(".");
        assertThat(db.loads(plain)).isEqualTo(json);
    }

    /** dumps builds the signed value in one buffer; it must be exactly what the signer makes of the same text. */
    @Test
    void dumpsIsTheSignerAppliedToTheEncodedPayload() {
        java.util.Random random = new java.util.Random(5);
        for (int size : new int[] {0, 1, 2, 3, 4, 5, 100, 8192}) {
            byte[] text = "{\"k\":\"abab\"}".repeat(size / 12 + 1).substring(0, size).getBytes(StandardCharsets.US_ASCII);
            byte[] noise = new byte[size];
            random.nextBytes(noise);
            for (byte[] data : java.util.List.of(text, noise)) {
                assertThat(db.dumps(data, false)).isEqualTo(db.signer().sign(Base64Url.encode(data)));
                byte[] deflated = Signing.deflate(data);
                String expected = deflated.length < data.length - 1
                        ? db.signer().sign("." + Base64Url.encode(deflated))
                        : db.signer().sign(Base64Url.encode(data));
                assertThat(db.dumps(data, true)).isEqualTo(expected);
                assertThat(db.loads(db.dumps(data, true))).isEqualTo(data);
            }
        }
    }

    @Test
    void zlibOutputCarriesTheDefaultLevelHeader() {
        byte[] deflated = Signing.deflate(DjangoJsonSerializer.dumpsValue(DjangoVectors.authSession()));
        assertThat(deflated[0]).isEqualTo((byte) 0x78);
        assertThat(deflated[1]).isEqualTo((byte) 0x9c);
    }

    /**
     * Django compresses only when that saves more than one byte (the "." marker costs one). Searches a
     * family of inputs for one where zlib saves exactly one byte and one where it saves exactly two.
     */
    @Test
    void compressesOnlyWhenThatSavesMoreThanOneByte() {
        byte[] savesOne = null;
        byte[] savesTwo = null;
        for (int n = 1; n < 200 && (savesOne == null || savesTwo == null); n++) {
            byte[] data = ("{\"k\":\"" + "a".repeat(n) + "\"}").getBytes(StandardCharsets.US_ASCII);
            int saved = data.length - Signing.deflate(data).length;
            if (saved == 1) {
                savesOne = data;
            } else if (saved == 2) {
                savesTwo = data;
            }
        }
        assertThat(savesOne).as("an input zlib shortens by exactly one byte").isNotNull();
        assertThat(savesTwo).as("an input zlib shortens by exactly two bytes").isNotNull();

        assertThat(db.dumps(savesOne, true)).doesNotStartWith(".");
        assertThat(db.dumps(savesTwo, true)).startsWith(".");
        assertThat(db.loads(db.dumps(savesOne, true))).isEqualTo(savesOne);
        assertThat(db.loads(db.dumps(savesTwo, true))).isEqualTo(savesTwo);
    }

    @Test
    void dataThatGrowsWhenCompressedStaysPlain() {
        byte[] data = "{}".getBytes(StandardCharsets.US_ASCII);
        assertThat(Signing.deflate(data).length).isGreaterThan(data.length);
        assertThat(db.dumps(data, true)).startsWith("e30:");
    }

    @Test
    void timestampIsIgnoredUnlessAMaxAgeIsGiven() {
        clock.advance(Duration.ofSeconds(10_000_000));
        assertThat(db.loads(D1)).isNotEmpty();
        assertThatThrownBy(() -> db.loads(D1, Duration.ofDays(1))).isInstanceOf(SignatureExpiredException.class);
    }

    @Test
    void signedButTruncatedZlibIsAFormatError() {
        String payload = D2.substring(0, D2.indexOf(':'));
        String truncated = db.signer().sign(payload.substring(0, payload.length() - 8));
        assertThatThrownBy(() -> db.loads(truncated)).isInstanceOf(SignedValueFormatException.class);
    }

    @Test
    void signedButNotZlibIsAFormatError() {
        String notZlib = db.signer().sign("." + Base64Url.encode("plainly not zlib".getBytes(StandardCharsets.US_ASCII)));
        assertThatThrownBy(() -> db.loads(notZlib)).isInstanceOf(SignedValueFormatException.class);
    }

    @Test
    void signedButNotBase64IsAFormatError() {
        assertThatThrownBy(() -> db.loads(db.signer().sign("not*base64")))
                .isInstanceOf(SignedValueFormatException.class);
        assertThatThrownBy(() -> db.loads(db.signer().sign("abcde")))
                .isInstanceOf(SignedValueFormatException.class);
    }

    @Test
    void base64IsUrlSafeWithoutPadding() {
        byte[] bytes = {(byte) 0xfb, (byte) 0xff, (byte) 0xfe, 0x01};
        assertThat(Base64Url.encode(bytes)).isEqualTo("-__-AQ");
        assertThat(Base64Url.decode("-__-AQ")).isEqualTo(bytes);
        assertThat(Base64Url.decode("-__-AQ==")).isEqualTo(bytes);
    }

    @Test
    void tamperedPayloadIsABadSignature() {
        String tampered = "X" + D2.substring(1);
        assertThatThrownBy(() -> db.loads(tampered)).isInstanceOf(BadSignatureException.class);
    }
}
