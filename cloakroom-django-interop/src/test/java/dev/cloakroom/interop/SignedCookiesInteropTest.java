package dev.cloakroom.interop;

import tools.jackson.databind.JsonNode;
import dev.cloakroom.session.Session;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.settings.SessionSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** signed_cookies: a cookie made on one side is a session on the other, until it is older than SESSION_COOKIE_AGE. */
@RequiresDjango
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignedCookiesInteropTest {
    DjangoPeer django;
    SessionSettings settings;
    SessionEngine cloakroom;

    @BeforeAll
    void start() {
        DjangoConfig config = DjangoConfig.of("signed_cookies");
        django = DjangoPeer.start(config);
        settings = CloakroomSide.settings(config, Map.of());
        cloakroom = CloakroomSide.engine(settings);
    }

    @AfterAll
    void stop() {
        if (cloakroom != null) {
            cloakroom.close();
        }
        if (django != null) {
            django.close();
        }
    }

    @Test
    void aCookieFromEitherSideIsASessionOnTheOther() {
        String fromDjango = django.call("create", "data", DbInteropContract.everyValueType()).get("key").asString();
        String fromCloakroom = CloakroomSide.create(cloakroom, DbInteropContract.everyValueType());

        assertThat(CloakroomSide.read(cloakroom, fromDjango)).isEqualTo(DbInteropContract.everyValueType());
        assertThat(DjangoPeer.data(django.call("load", "key", fromCloakroom)))
                .isEqualTo(DbInteropContract.everyValueType());
    }

    @Test
    void theSameDataAtTheSameSecondIsTheSameCookie() {
        long now = Instant.now().getEpochSecond();
        String fromDjango = django.call("create", "data", Map.of("cart", java.util.List.of(1L, 2L)), "at", now)
                .get("key").asString();
        try (SessionEngine atThatSecond = CloakroomSide.engine(settings,
                Clock.fixed(Instant.ofEpochSecond(now), java.time.ZoneOffset.UTC))) {
            assertThat(CloakroomSide.create(atThatSecond, Map.of("cart", java.util.List.of(1L, 2L))))
                    .isEqualTo(fromDjango);
        }
    }

    @Test
    void aCookieOlderThanTheCookieAgeIsRefusedByBoth() {
        long tooOld = Instant.now().minusSeconds(settings.cookieAge() + 60).getEpochSecond();
        String oldDjangoCookie = django.call("create", "data", Map.of("a", 1L), "at", tooOld).get("key").asString();
        String oldCloakroomCookie;
        try (SessionEngine inThePast = CloakroomSide.engine(settings,
                Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-(settings.cookieAge() + 60))))) {
            oldCloakroomCookie = CloakroomSide.create(inThePast, Map.of("a", 1L));
        }

        Session readByCloakroom = cloakroom.open(oldDjangoCookie);
        assertThat(readByCloakroom.asMap()).isEmpty();
        assertThat(readByCloakroom.isKeyRefused()).isTrue();
        assertThat(DjangoPeer.data(django.call("load", "key", oldCloakroomCookie))).isEmpty();

        // a minute younger than the limit, it is still a session
        long young = Instant.now().minusSeconds(settings.cookieAge() - 60).getEpochSecond();
        String youngCookie = django.call("create", "data", Map.of("a", 1L), "at", young).get("key").asString();
        assertThat(CloakroomSide.read(cloakroom, youngCookie)).isEqualTo(Map.of("a", 1L));
    }

    @Test
    void aTamperedCookieIsAnEmptySessionOnBoth() {
        String cookie = CloakroomSide.create(cloakroom, Map.of("admin", false));
        String tampered = cookie.substring(0, cookie.length() - 2) + (cookie.endsWith("AA") ? "BB" : "AA");

        assertThat(cloakroom.open(tampered).asMap()).isEmpty();
        JsonNode djangoView = django.call("load", "key", tampered);
        assertThat(DjangoPeer.data(djangoView)).isEmpty();
    }
}
