package dev.cloakroom.testkit;

import dev.cloakroom.SessionTooLargeException;
import dev.cloakroom.session.Session;
import dev.cloakroom.session.SessionEngine;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Beyond Django: the limits every engine enforces, SESSION_MAX_SIZE on what one session may make the server
 * (or the cookie) hold, and SESSION_ABSOLUTE_AGE on how long a session lives however busily it is used.
 */
public abstract class SessionLimitsContract extends ConcurrentRequestsContract {
    private static final int MAX_SIZE = 2_000;

    /** A save over SESSION_MAX_SIZE fails with a catchable exception, stores nothing and leaves the old record. */
    @Test
    public void testSaveOverSessionMaxSizeThrowsAndStoresNothing() {
        SessionEngine limited = engine(settingsBuilder().maxSize(MAX_SIZE).build());
        Session small = limited.open(null);
        small.put("small", "fits");
        small.save();
        String key = small.getSessionKey();

        Session grown = limited.open(key);
        grown.put("big", incompressible(MAX_SIZE * 2));
        assertThatThrownBy(grown::save).isInstanceOfSatisfying(SessionTooLargeException.class, e -> {
            assertThat(e.limitName()).isEqualTo("SESSION_MAX_SIZE");
            assertThat(e.limit()).isEqualTo(MAX_SIZE);
            assertThat(e.size()).isGreaterThan(MAX_SIZE);
        });
        assertThat(limited.open(key).asMap()).isEqualTo(Map.of("small", "fits"));

        Session created = limited.open(null);
        created.put("big", incompressible(MAX_SIZE * 2));
        assertThatThrownBy(created::save).isInstanceOf(SessionTooLargeException.class);
        assertThat(created.getSessionKey()).as("no session was created").isNull();
    }

    /** Compressible data is limited before compression too: what each load inflates stays bounded. */
    @Test
    public void testSessionMaxSizeAlsoLimitsTheDataBeforeCompression() {
        Session session = engine(settingsBuilder().maxSize(MAX_SIZE).build()).open(null);
        session.put("zeros", "0".repeat(MAX_SIZE * 10));

        assertThatThrownBy(session::save).isInstanceOfSatisfying(SessionTooLargeException.class,
                e -> assertThat(e).hasMessageContaining("before compression"));
    }

    /** Used every twenty minutes, a session still dies an hour after it was created. */
    @Test
    public void testSessionOlderThanAbsoluteAgeIsExpiredEvenWhenUsedContinuously() {
        SessionEngine limited = engine(settingsBuilder().absoluteAge(3_600).build());
        Session first = limited.open(null);
        first.put("user", "alice");
        first.save();
        String key = first.getSessionKey();
        for (int visit = 1; visit <= 2; visit++) {
            clock.advance(Duration.ofMinutes(20));
            Session request = limited.open(key);
            assertThat(request.get("user")).as("visit %d", visit).isEqualTo("alice");
            request.put("visit", visit);
            request.save();
            key = request.getSessionKey();
        }
        clock.advance(Duration.ofMinutes(20));

        Session expired = limited.open(key);
        assertThat(expired.asMap()).isEmpty();
        // Dropped like an unknown key; a signed cookie keeps its refused text, as Django does, and is reissued.
        assertThat(expired.getSessionKey() == null || expired.isKeyRefused()).isTrue();
        if (!expired.isKeyRefused()) {
            assertThat(rawStoredDataIfKept(key)).as("the old record is deleted").isNull();
        }
        expired.put("new", true);
        expired.save();
        assertThat(expired.getSessionKey()).isNotEqualTo(key);
    }

    /** Cycling the key (at login) starts a new absolute lifetime: OWASP renews the session on privilege change. */
    @Test
    public void testCycleKeyStartsANewAbsoluteLifetime() {
        SessionEngine limited = engine(settingsBuilder().absoluteAge(3_600).build());
        Session anonymous = limited.open(null);
        anonymous.put("cart", 1);
        anonymous.save();
        clock.advance(Duration.ofMinutes(50));

        Session login = limited.open(anonymous.getSessionKey());
        login.cycleKey();
        login.put("user", "alice");
        login.save();
        clock.advance(Duration.ofMinutes(50));

        Session later = limited.open(login.getSessionKey());
        assertThat(later.get("user")).isEqualTo("alice");
        assertThat(later.get("cart")).isNotNull();
        clock.advance(Duration.ofMinutes(10));
        assertThat(limited.open(login.getSessionKey()).asMap()).isEmpty();
    }

    /** Off by default: a session used now and then lives as long as Django's idle expiry lets it. */
    @Test
    public void testNoAbsoluteAgeByDefault() {
        session.put("user", "alice");
        session.save();
        String key = session.getSessionKey();
        Duration halfCookieAge = Duration.ofSeconds(Math.max(1, settings.cookieAge() / 2));
        for (int visit = 0; visit < 30; visit++) {
            clock.advance(halfCookieAge);
            Session request = open(key);
            assertThat(request.get("user")).as("visit %d", visit).isEqualTo("alice");
            request.put("visit", visit);
            request.save();
            key = request.getSessionKey();
        }
        assertThat(open(key).keys()).doesNotContain("_session_created");
    }

    private String rawStoredDataIfKept(String key) {
        try {
            return rawStoredData(key).orElse(null);
        } catch (RuntimeException | AssertionError notKept) {
            return null;
        }
    }

    /** Text that does not compress: a session of about {@code length} bytes whatever the codec does. */
    private static String incompressible(int length) {
        Random random = new Random(length);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('!' + random.nextInt(90)));
        }
        return text.toString();
    }
}
