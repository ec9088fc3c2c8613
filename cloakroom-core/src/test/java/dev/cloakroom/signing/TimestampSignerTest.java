package dev.cloakroom.signing;

import dev.cloakroom.codec.SessionCodec;
import dev.cloakroom.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.cloakroom.testsupport.DjangoVectors.C1;
import static dev.cloakroom.testsupport.DjangoVectors.NOW;
import static dev.cloakroom.testsupport.DjangoVectors.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimestampSignerTest {
    private final MutableClock clock = MutableClock.atEpochSecond(NOW);
    private final TimestampSigner cookie =
            new TimestampSigner(new SecretKeys(SECRET), SessionCodec.SIGNED_COOKIES_SALT, clock);

    @Test
    void signAppendsTheBase62TimestampBeforeSigning() {
        assertThat(cookie.timestamp()).isEqualTo("1r31eq");
        assertThat(cookie.sign("eyJmb28iOiJiYXIifQ")).isEqualTo(C1);
    }

    @Test
    void unsignStripsTheTimestamp() {
        assertThat(cookie.unsign(C1)).isEqualTo("eyJmb28iOiJiYXIifQ");
    }

    @Test
    void withoutMaxAgeAnyAgeIsAccepted() {
        clock.advance(Duration.ofSeconds(10_000_000));
        assertThat(cookie.unsign(C1)).isEqualTo("eyJmb28iOiJiYXIifQ");
        assertThat(cookie.unsign(C1, null)).isEqualTo("eyJmb28iOiJiYXIifQ");
    }

    @Test
    void valueExactlyMaxAgeOldIsAccepted() {
        clock.advance(Duration.ofSeconds(10));
        assertThat(cookie.unsign(C1, Duration.ofSeconds(10))).isEqualTo("eyJmb28iOiJiYXIifQ");
    }

    @Test
    void valueOlderThanMaxAgeExpiresEvenByAFractionOfASecond() {
        clock.advance(Duration.ofMillis(10_500));
        assertThatThrownBy(() -> cookie.unsign(C1, Duration.ofSeconds(10)))
                .isInstanceOf(SignatureExpiredException.class)
                .isInstanceOf(BadSignatureException.class)
                .hasMessage("Signature age 10.5 > 10 seconds");
        clock.advance(Duration.ofMillis(500));
        assertThatThrownBy(() -> cookie.unsign(C1, Duration.ofSeconds(10)))
                .hasMessage("Signature age 11.0 > 10 seconds");
    }

    @Test
    void timestampInTheFutureIsNotExpired() {
        clock.advance(Duration.ofSeconds(-3600));
        assertThat(cookie.unsign(C1, Duration.ofSeconds(1))).isEqualTo("eyJmb28iOiJiYXIifQ");
    }

    @Test
    void badSignatureIsReportedBeforeAge() {
        clock.advance(Duration.ofDays(365));
        String tampered = C1.substring(0, C1.length() - 1) + (C1.endsWith("o") ? "p" : "o");
        assertThatThrownBy(() -> cookie.unsign(tampered, Duration.ofSeconds(1)))
                .isInstanceOf(BadSignatureException.class)
                .isNotInstanceOf(SignatureExpiredException.class);
    }

    @Test
    void signedValueWithoutValidTimestampIsAFormatError() {
        Signer plain = new Signer(new SecretKeys(SECRET), SessionCodec.SIGNED_COOKIES_SALT);
        assertThatThrownBy(() -> cookie.unsign(plain.sign("no-timestamp")))
                .isInstanceOf(SignedValueFormatException.class);
        assertThatThrownBy(() -> cookie.unsign(plain.sign("value:not*base62")))
                .isInstanceOf(SignedValueFormatException.class);
    }

    @Test
    void hugeTimestampsDoNotOverflowTheAgeCheck() {
        Signer plain = new Signer(new SecretKeys(SECRET), SessionCodec.SIGNED_COOKIES_SALT);
        String ancient = plain.sign("v:" + Base62.encode(Long.MIN_VALUE));
        String future = plain.sign("v:" + Base62.encode(Long.MAX_VALUE));
        assertThatThrownBy(() -> cookie.unsign(ancient, Duration.ofDays(1)))
                .isInstanceOf(SignatureExpiredException.class);
        assertThat(cookie.unsign(future, Duration.ofDays(1))).isEqualTo("v");
    }
}
