package dev.cloakroom.codec;

import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.testsupport.DjangoVectors;
import dev.cloakroom.testsupport.MutableClock;
import dev.cloakroom.testsupport.SecurityLogCapture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static dev.cloakroom.codec.SessionCodec.SESSION_STORE_SALT;
import static dev.cloakroom.codec.SessionCodec.SIGNED_COOKIES_SALT;
import static org.assertj.core.api.Assertions.assertThat;

/** Every session vector of reference section 3.5, encoded byte for byte and decoded back. */
class DjangoWireVectorsTest {
    private final MutableClock clock = MutableClock.atEpochSecond(DjangoVectors.NOW);
    private final SessionSettings settings = SessionSettings.builder().secretKey(DjangoVectors.SECRET).build();

    static Stream<Arguments> vectors() {
        return Stream.of(
                Arguments.of("D1", SESSION_STORE_SALT, DjangoVectors.fooBar(), DjangoVectors.D1),
                Arguments.of("D2", SESSION_STORE_SALT, DjangoVectors.authSession(), DjangoVectors.D2),
                Arguments.of("D3", SESSION_STORE_SALT, DjangoVectors.mixedTypes(), DjangoVectors.D3),
                Arguments.of("C1", SIGNED_COOKIES_SALT, DjangoVectors.fooBar(), DjangoVectors.C1),
                Arguments.of("C2", SIGNED_COOKIES_SALT, DjangoVectors.authSession(), DjangoVectors.C2),
                Arguments.of("C3", SIGNED_COOKIES_SALT, DjangoVectors.cart(), DjangoVectors.C3),
                Arguments.of("C4", SIGNED_COOKIES_SALT, DjangoVectors.map(), DjangoVectors.C4),
                Arguments.of("C5", SIGNED_COOKIES_SALT, DjangoVectors.hello(), DjangoVectors.C5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void encodeReproducesDjangosBytes(String name, String salt, Map<String, Object> data, String expected) {
        assertThat(SessionCodec.fromSettings(settings, salt, clock).encode(data)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decodeReadsDjangosBytesWithoutComplaint(String name, String salt, Map<String, Object> data, String encoded) {
        try (SecurityLogCapture log = SecurityLogCapture.start()) {
            Map<String, Object> decoded = SessionCodec.fromSettings(settings, salt, clock).decode(encoded);
            assertThat(decoded).isEqualTo(data);
            assertThat(decoded.keySet()).containsExactlyElementsOf(data.keySet());
            assertThat(log.warnings()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void tryDecodeReadsDjangosBytes(String name, String salt, Map<String, Object> data, String encoded) {
        assertThat(SessionCodec.fromSettings(settings, salt, clock).tryDecode(encoded, null)).contains(data);
    }
}
