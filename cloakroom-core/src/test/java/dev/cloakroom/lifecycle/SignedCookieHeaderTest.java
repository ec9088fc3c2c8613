package dev.cloakroom.lifecycle;

import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.session.Session;
import dev.cloakroom.settings.SessionSettings;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The signed_cookies row of reference 5.4 (vector C5), through the real engine and codec. */
class SignedCookieHeaderTest {

    @Test
    void signedCookiesWriteGivesDjangosExactCookie() {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
        SessionSettings settings = SessionSettings.builder().engine("signed_cookies")
                .secretKey("django-insecure-wire-compat-test-key-0123456789").build();
        try (SessionEngine engine = SessionEngines.create(settings, clock)) {
            SessionLifecycle lifecycle = new SessionLifecycle(engine);
            Session session = lifecycle.open((String) null);
            session.put("hello", "world");
            CookieDecision decision = lifecycle.close(session, false, 200);
            assertThat(decision.setCookieHeader()).hasValue("sessionid=eyJoZWxsbyI6IndvcmxkIn0:1r31eq:"
                    + "FB08kpkRsgxQ-Jx3UM6PneGF4PNAg72AtqZYTlH_ewE; expires=Tue, 28 Nov 2023 22:13:20 GMT; HttpOnly; "
                    + "Max-Age=1209600; Path=/; SameSite=Lax");
            assertThat(decision.varyCookie()).isTrue();
        }
    }

    @Test
    void refusedSignedCookieIsReportedAsRefusedUntilTheSessionHasItsOwnKey() {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
        SessionSettings settings = SessionSettings.builder().engine("signed_cookies").secretKey("refusal-test-key")
                .build();
        try (SessionEngine engine = SessionEngines.create(settings, clock)) {
            SessionLifecycle lifecycle = new SessionLifecycle(engine);
            Session valid = lifecycle.open((String) null);
            valid.put("a", 1);
            valid.save();
            String good = valid.getSessionKey();
            Session accepted = lifecycle.open(good);
            assertThat(accepted.keys()).containsExactly("a");
            assertThat(accepted.isKeyRefused()).isFalse();

            String tampered = good.substring(0, good.lastIndexOf(':') + 1) + "x".repeat(43);
            Session refused = lifecycle.open(tampered);
            assertThat(refused.isKeyRefused()).isFalse();
            assertThat(refused.keys()).isEmpty();
            assertThat(refused.isKeyRefused()).isTrue();
            assertThat(refused.getSessionKey()).isEqualTo(tampered);
            refused.save();
            assertThat(refused.isKeyRefused()).isFalse();
            assertThat(refused.getSessionKey()).isNotEqualTo(tampered);
        }
    }
}
