package dev.cloakroom.codec;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cloakroom.SessionValueException;
import dev.cloakroom.codec.typed.ShopTypes;
import dev.cloakroom.settings.SessionValueTypes;
import dev.cloakroom.signing.SecretKeys;
import dev.cloakroom.signing.Signing;
import dev.cloakroom.testsupport.MutableClock;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz targets for everything that reads what a client or a store hands us: stored session data, signed
 * cookies, the JSON reader (with typed values) and the java serializer's reader. The documented outcome for
 * bad input is "bad data": the codec returns an empty session (and logs), a serializer throws
 * {@link SessionValueException}. Anything else thrown, an Error included, is a finding.
 *
 * <p>{@code mvn verify} replays the inputs checked in under {@code DecoderFuzzTestInputs/<method>/}; fuzzing
 * one target for longer is described in docs/reliability.md. Inputs may be signed with the test key (the
 * first byte decides), so the fuzzer also reaches what lies behind the signature check, as a key holder would.
 */
class DecoderFuzzTest {
    private static final String SECRET = "fuzzing-secret-key";
    private static final Duration COOKIE_AGE = Duration.ofSeconds(1_209_600);

    private static final java.time.Instant NOW = java.time.Instant.ofEpochSecond(1_700_000_000L);
    private static final MutableClock CLOCK = new MutableClock(NOW);
    private static final SecretKeys KEYS = new SecretKeys(SECRET);
    private static final SessionValueTypes SHOP = SessionValueTypes.builder()
            .trustPackage(ShopTypes.class.getPackageName()).build();
    private static final DjangoJsonSerializer JSON = new DjangoJsonSerializer(SHOP);
    private static final JavaSerializer JAVA = new JavaSerializer(List.of(
            JavaSerializerTest.Cart.class.getName(), JavaSerializerTest.Colour.class.getName()));
    private static final SessionCodec STORED = new SessionCodec(KEYS, SessionCodec.SESSION_STORE_SALT, JSON, CLOCK,
            true);
    private static final SessionCodec STORED_JAVA = new SessionCodec(KEYS, SessionCodec.SESSION_STORE_SALT, JAVA,
            CLOCK);
    private static final SessionCodec COOKIE = new SessionCodec(KEYS, SessionCodec.SIGNED_COOKIES_SALT, JSON, CLOCK);
    private static final Signing STORE_SIGNER = new Signing(KEYS, SessionCodec.SESSION_STORE_SALT, CLOCK);
    private static final Signing COOKIE_SIGNER = new Signing(KEYS, SessionCodec.SIGNED_COOKIES_SALT, CLOCK);

    /** SessionCodec.decode of what a db, file or cache record holds, JSON and java serializer. */
    @FuzzTest
    void storedSessionData(FuzzedDataProvider input) {
        boolean java = input.consumeBoolean();
        String stored = signedOrRaw(input, STORE_SIGNER);
        Map<String, Object> data = (java ? STORED_JAVA : STORED).decode(stored);
        assertThat(data).isNotNull();
    }

    /** A signed_cookies cookie value, checked against SESSION_COOKIE_AGE as the engine does. */
    @FuzzTest
    void signedCookie(FuzzedDataProvider input) {
        // Signed up to about three weeks either side of now: expired, live, and from the future.
        CLOCK.set(NOW.plusSeconds(input.consumeInt(-2_000_000, 2_000_000)));
        String cookie = signedOrRaw(input, COOKIE_SIGNER);
        CLOCK.set(NOW);
        assertThat(COOKIE.decode(cookie, COOKIE_AGE)).isNotNull();
        try {
            COOKIE_SIGNER.loads(cookie, COOKIE_AGE);
        } catch (dev.cloakroom.signing.BadSignatureException | dev.cloakroom.signing.SignedValueFormatException e) {
            // bad data: refused
        }
    }

    /** The JSON reader, typed values included, on the bytes a signature would protect. */
    @FuzzTest
    void jsonReader(byte[] serialized) {
        readAsBadDataOrMap(() -> JSON.loads(serialized));
    }

    /** The java serializer's reader on the bytes a signature would protect. */
    @FuzzTest
    void javaReader(byte[] serialized) {
        readAsBadDataOrMap(() -> JAVA.loads(serialized));
    }

    private static void readAsBadDataOrMap(java.util.function.Supplier<Map<String, Object>> read) {
        try {
            assertThat(read.get()).isNotNull();
        } catch (SessionValueException badData) {
            // the documented outcome for data that is not a session
        }
    }

    /**
     * Either the rest of the input as the stored text, or the rest signed (compressed if it pays) with the
     * test key: the first shows what strangers can do, the second what a key holder (or a bug) can.
     */
    private static String signedOrRaw(FuzzedDataProvider input, Signing signer) {
        if (input.consumeBoolean()) {
            boolean compress = input.consumeBoolean();
            return signer.dumps(input.consumeRemainingAsBytes(), compress);
        }
        return new String(input.consumeRemainingAsBytes(), StandardCharsets.ISO_8859_1);
    }
}
