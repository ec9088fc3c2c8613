package dev.cloakroom.lifecycle;

import dev.cloakroom.lifecycle.CookieDecision.Action;
import dev.cloakroom.session.Session;
import dev.cloakroom.testsupport.FileSessions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import dev.cloakroom.SessionInterruptedException;
import dev.cloakroom.settings.SameSite;
import dev.cloakroom.settings.SessionSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One test per row of reference section 5.4 (Django's headers, verified with time.time() = 1700000000),
 * plus the rules of section 5.2 that the table does not show.
 */
class SessionLifecycleTest {
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
    private static final String TWO_WEEKS = "expires=Tue, 28 Nov 2023 22:13:20 GMT; HttpOnly; Max-Age=1209600";
    private static final String UNKNOWN_KEY = "abcdefghijklmnopqrstuvwxyz012345";
    private static final String DELETION = "sessionid=\"\"; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/";

    @TempDir
    Path directory;
    /** Every lifecycle of a test shares the one directory, so sessions made by one are seen by the others. */
    private final List<FileSessions> engines = new ArrayList<>();
    private FileSessions backend;

    private SessionLifecycle lifecycle(UnaryOperator<SessionSettings.Builder> configure) {
        FileSessions sessions = new FileSessions(directory,
                configure.apply(SessionSettings.builder().secretKey("lifecycle-test-key")), CLOCK);
        engines.add(sessions);
        backend = sessions;
        return new SessionLifecycle(sessions.engine());
    }

    @AfterEach
    void closeEngines() {
        engines.forEach(FileSessions::close);
    }

    private SessionLifecycle defaults() {
        return lifecycle(b -> b);
    }

    private String existingSession(Map<String, Object> data) {
        Session session = defaults().open((String) null);
        session.update(data);
        session.save();
        return session.getSessionKey();
    }

    @Test
    void viewWritesWithDefaultSettingsGetsTwoWeekCookieAndVary() {
        SessionLifecycle lifecycle = defaults();
        Session session = lifecycle.open((String) null);
        session.put("hello", "world");
        CookieDecision decision = lifecycle.close(session, false, 200);
        assertThat(decision.action()).isEqualTo(Action.SET);
        assertThat(session.getSessionKey()).matches("[a-z0-9]{32}");
        assertThat(decision.setCookieHeader()).hasValue("sessionid=" + session.getSessionKey()
                + "; " + TWO_WEEKS + "; Path=/; SameSite=Lax");
        assertThat(decision.varyCookie()).isTrue();
        assertThat(backend.stored(session.getSessionKey()).orElseThrow()).containsEntry("hello", "world");
    }

    @Test
    void expireAtBrowserCloseGivesCookieWithoutMaxAgeOrExpires() {
        SessionLifecycle lifecycle = lifecycle(b -> b.expireAtBrowserClose(true));
        Session session = lifecycle.open((String) null);
        session.put("hello", "world");
        CookieDecision decision = lifecycle.close(session, false, 200);
        assertThat(decision.setCookieHeader())
                .hasValue("sessionid=" + session.getSessionKey() + "; HttpOnly; Path=/; SameSite=Lax");
        assertThat(decision.varyCookie()).isTrue();
    }

    @Test
    void secureDomainPathSameSiteNoneAndCustomNameAppearInDjangosOrder() {
        SessionLifecycle lifecycle = lifecycle(b -> b.cookieSecure(true).cookieDomain(".example.com")
                .cookiePath("/app").cookieSameSite(SameSite.NONE).cookieName("sid"));
        Session session = lifecycle.open((String) null);
        session.put("hello", "world");
        CookieDecision decision = lifecycle.close(session, false, 200);
        assertThat(decision.setCookieHeader()).hasValue("sid=" + session.getSessionKey()
                + "; Domain=.example.com; " + TWO_WEEKS + "; Path=/app; SameSite=None; Secure");
        assertThat(decision.varyCookie()).isTrue();
    }

    @Test
    void partitionedGoesBetweenMaxAgeAndPathAsPythonOrdersIt() {
        SessionLifecycle lifecycle = lifecycle(b -> b.cookieSecure(true).cookiePartitioned(true)
                .cookieSameSite(SameSite.NONE));
        Session session = lifecycle.open((String) null);
        session.put("hello", "world");
        CookieDecision decision = lifecycle.close(session, false, 200);
        assertThat(decision.setCookieHeader()).hasValue("sessionid=" + session.getSessionKey()
                + "; " + TWO_WEEKS + "; Partitioned; Path=/; SameSite=None; Secure");
    }

    @Test
    void thePartitionedCookieIsDeletedByAPartitionedSecureDeletion() {
        String key = existingSession(Map.of("hello", "world"));
        SessionLifecycle lifecycle = lifecycle(b -> b.cookieSecure(true).cookiePartitioned(true));
        Session session = lifecycle.open(key);
        session.flush();
        CookieDecision decision = lifecycle.close(session, true, 200);
        assertThat(decision.setCookieHeader()).hasValue("sessionid=\"\"; expires=Thu, 01 Jan 1970 00:00:00 GMT; "
                + "Max-Age=0; Partitioned; Path=/; SameSite=Lax; Secure");
    }

    @Test
    void sameSiteFalseAndHttpOnlyFalseOmitBothAttributes() {
        SessionLifecycle lifecycle = lifecycle(b -> b.cookieSameSite(SameSite.OMIT).cookieHttpOnly(false));
        Session session = lifecycle.open((String) null);
        session.put("hello", "world");
        CookieDecision decision = lifecycle.close(session, false, 200);
        assertThat(decision.setCookieHeader()).hasValue("sessionid=" + session.getSessionKey()
                + "; expires=Tue, 28 Nov 2023 22:13:20 GMT; Max-Age=1209600; Path=/");
    }

    @Test
    void readOnlyWithoutCookieSendsNoCookieButVaries() {
        SessionLifecycle lifecycle = defaults();
        Session session = lifecycle.open((String) null);
        assertThat(session.get("hello")).isNull();
        CookieDecision decision = lifecycle.close(session, false, 200);
        assertThat(decision.action()).isEqualTo(Action.NONE);
        assertThat(decision.setCookieHeader()).isEmpty();
        assertThat(decision.varyCookie()).isTrue();
    }

    @Test
    void untouchedWithoutCookieSendsNothingAndDoesNotVary() {
        SessionLifecycle lifecycle = defaults();
        CookieDecision decision = lifecycle.close(lifecycle.open((String) null), false, 200);
        assertThat(decision.action()).isEqualTo(Action.NONE);
        assertThat(decision.varyCookie()).isFalse();
    }

    @Test
    void untouchedWithTooShortCookieDeletesIt() {
        SessionLifecycle lifecycle = defaults();
        CookieDecision decision = lifecycle.close(lifecycle.open("bogus"), true, 200);
        assertThat(decision.action()).isEqualTo(Action.DELETE);
        assertThat(decision.setCookieHeader()).hasValue(DELETION + "; SameSite=Lax");
        assertThat(decision.varyCookie()).isTrue();
    }

    @Test
    void emptyCookieValueCountsAsACookieAndIsDeleted() {
        SessionLifecycle lifecycle = defaults();
        CookieDecision decision = lifecycle.close(lifecycle.open(List.of("")), true, 200);
        assertThat(decision.setCookieHeader()).hasValue(DELETION + "; SameSite=Lax");
    }

    @Test
    void untouchedWithUnknownFullLengthCookieLeavesItAlone() {
        SessionLifecycle lifecycle = defaults();
        CookieDecision decision = lifecycle.close(lifecycle.open(UNKNOWN_KEY), true, 200);
        assertThat(decision.action()).isEqualTo(Action.NONE);
        assertThat(decision.varyCookie()).isFalse();
    }

    @Test
    void readWithUnknownFullLengthCookieDeletesIt() {
        SessionLifecycle lifecycle = defaults();
        Session session = lifecycle.open(UNKNOWN_KEY);
        assertThat(session.get("hello")).isNull();
        CookieDecision decision = lifecycle.close(session, true, 200);
        assertThat(decision.setCookieHeader()).hasValue(DELETION + "; SameSite=Lax");
        assertThat(decision.varyCookie()).isTrue();
    }

    @Test
    void writeWithUnknownFullLengthCookieIssuesAFreshKey() {
        SessionLifecycle lifecycle = defaults();
        Session session = lifecycle.open(UNKNOWN_KEY);
        session.put("hello", "world");
        CookieDecision decision = lifecycle.close(session, true, 200);
        assertThat(session.getSessionKey()).matches("[a-z0-9]{32}").isNotEqualTo(UNKNOWN_KEY);
        assertThat(decision.setCookieHeader()).hasValue("sessionid=" + session.getSessionKey()
                + "; " + TWO_WEEKS + "; Path=/; SameSite=Lax");
        assertThat(decision.varyCookie()).isTrue();
        assertThat(backend.keys()).doesNotContain(UNKNOWN_KEY);
    }

    @Test
    void flushWithCookieAndSameSiteNoneDeletesWithSecure() {
        String key = existingSession(Map.of("hello", "world"));
        // SESSION_COOKIE_SECURE is required with None; the deletion cookie's Secure comes from SameSite alone
        SessionLifecycle lifecycle = lifecycle(b -> b.cookieSameSite(SameSite.NONE).cookieSecure(true));
        Session session = lifecycle.open(key);
        session.flush();
        CookieDecision decision = lifecycle.close(session, true, 200);
        assertThat(decision.setCookieHeader()).hasValue(DELETION + "; SameSite=None; Secure");
        assertThat(decision.varyCookie()).isTrue();
        assertThat(backend.keys()).doesNotContain(key);
    }

    @Test
    void saveEveryRequestRefreshesAnUntouchedSessionWithoutVary() {
        String key = existingSession(Map.of("hello", "world"));
        SessionLifecycle lifecycle = lifecycle(b -> b.saveEveryRequest(true));
        Session session = lifecycle.open(key);
        CookieDecision decision = lifecycle.close(session, true, 200);
        assertThat(decision.setCookieHeader())
                .hasValue("sessionid=" + key + "; " + TWO_WEEKS + "; Path=/; SameSite=Lax");
        assertThat(decision.varyCookie()).isFalse();
    }

    @Test
    void writeWithStatus500SavesNothingAndSendsNoCookieButVaries() {
        SessionLifecycle lifecycle = defaults();
        Session session = lifecycle.open((String) null);
        session.put("hello", "world");
        CookieDecision decision = lifecycle.close(session, false, 500);
        assertThat(decision.action()).isEqualTo(Action.NONE);
        assertThat(decision.varyCookie()).isTrue();
        assertThat(backend.keys()).isEmpty();
    }

    @Test
    void writeWithStatus503SavesNothingLikeCurrentDjango() {
        String key = existingSession(Map.of("hello", "world"));
        SessionLifecycle lifecycle = defaults();
        Session session = lifecycle.open(key);
        session.put("hello", "changed");
        CookieDecision decision = lifecycle.close(session, true, 503);
        assertThat(decision.action()).isEqualTo(Action.NONE);
        assertThat(decision.varyCookie()).isTrue();
        assertThat(backend.stored(key).orElseThrow()).containsEntry("hello", "world");
    }

    // ---- section 5.2 rules beyond the table ---------------------------------------------------------

    @Test
    void deletionCookieCarriesDomainAndPathButNeverHttpOnlyOrSessionSecure() {
        SessionLifecycle lifecycle = lifecycle(b -> b.cookieDomain(".example.local").cookiePath("/example/")
                .cookieSecure(true));
        Session session = lifecycle.open("abc");
        session.flush();
        assertThat(lifecycle.close(session, true, 200).setCookieHeader()).hasValue("sessionid=\"\"; "
                + "Domain=.example.local; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/example/; "
                + "SameSite=Lax");
    }

    @Test
    void deletionCookieOfSecurePrefixedNameIsSecure() {
        SessionLifecycle lifecycle = lifecycle(b -> b.cookieName("__Host-sid"));
        Session session = lifecycle.open("bogus");
        assertThat(lifecycle.close(session, true, 200).setCookieHeader()).hasValue("__Host-sid=\"\"; "
                + "expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax; Secure");
    }

    @Test
    void flushWithoutCookieSendsNoCookieButVaries() {
        SessionLifecycle lifecycle = defaults();
        Session session = lifecycle.open((String) null);
        session.flush();
        CookieDecision decision = lifecycle.close(session, false, 200);
        assertThat(decision.action()).isEqualTo(Action.NONE);
        assertThat(decision.varyCookie()).isTrue();
    }

    @Test
    void saveEveryRequestNeverCreatesASessionForAnEmptyRequest() {
        SessionLifecycle lifecycle = lifecycle(b -> b.saveEveryRequest(true));
        CookieDecision decision = lifecycle.close(lifecycle.open((String) null), false, 200);
        assertThat(decision.action()).isEqualTo(Action.NONE);
        assertThat(backend.keys()).isEmpty();
    }

    @Test
    void customInactivityExpiryBecomesMaxAgeAndExpires() {
        SessionLifecycle lifecycle = defaults();
        Session session = lifecycle.open((String) null);
        session.setExpiry(300);
        CookieDecision decision = lifecycle.close(session, false, 200);
        assertThat(decision.setCookieHeader()).hasValue("sessionid=" + session.getSessionKey()
                + "; expires=Tue, 14 Nov 2023 22:18:20 GMT; HttpOnly; Max-Age=300; Path=/; SameSite=Lax");
    }

    @Test
    void expiryZeroGivesBrowserSessionCookieEvenWithGlobalAge() {
        SessionLifecycle lifecycle = defaults();
        Session session = lifecycle.open((String) null);
        session.setExpiry(0);
        assertThat(lifecycle.close(session, false, 200).setCookieHeader())
                .hasValue("sessionid=" + session.getSessionKey() + "; HttpOnly; Path=/; SameSite=Lax");
    }

    @Test
    void sessionDeletedByAConcurrentRequestInterruptsTheSave() {
        String key = existingSession(Map.of("hello", "world"));
        SessionLifecycle lifecycle = defaults();
        Session session = lifecycle.open(key);
        session.put("hello", "again");
        backend.engine().open(key).delete();
        assertThatThrownBy(() -> lifecycle.close(session, true, 200))
                .isInstanceOf(SessionInterruptedException.class)
                .hasMessage(SessionInterruptedException.MESSAGE);
    }

    @Test
    void sameSiteStrictIsSpelledAsConfigured() {
        SessionLifecycle lifecycle = lifecycle(b -> b.cookieSameSite(SameSite.STRICT));
        Session session = lifecycle.open((String) null);
        session.put("hello", "world");
        assertThat(lifecycle.close(session, false, 200).setCookieHeader()).hasValue("sessionid="
                + session.getSessionKey() + "; " + TWO_WEEKS + "; Path=/; SameSite=Strict");
    }

    @Test
    void emptiedSessionIsStillSavedAndItsCookieResent() {
        // Django's test_empty_session_saved: a session emptied after it was saved keeps its key
        SessionLifecycle lifecycle = defaults();
        Session session = lifecycle.open((String) null);
        session.put("foo", "bar");
        CookieDecision first = lifecycle.close(session, false, 200);
        String key = session.getSessionKey();
        assertThat(first.setCookieHeader()).hasValue("sessionid=" + key + "; " + TWO_WEEKS + "; Path=/; SameSite=Lax");

        session.remove("foo");
        CookieDecision second = lifecycle.close(session, false, 200);
        assertThat(second.setCookieHeader()).hasValue("sessionid=" + key + "; " + TWO_WEEKS + "; Path=/; SameSite=Lax");
        assertThat(second.varyCookie()).isTrue();
        assertThat(backend.stored(key).orElseThrow()).isEmpty();
    }

    @Test
    void lastOfDuplicateCookieValuesWins() {
        String key = existingSession(Map.of("hello", "world"));
        Session session = defaults().open(List.of("ignoredfirstvalue00", key));
        assertThat(session.getSessionKey()).isEqualTo(key);
        assertThat(session.get("hello")).isEqualTo("world");
        assertThat(defaults().open(List.of()).getSessionKey()).isNull();
    }

    @Test
    void viewThatSavesAFreshSessionItselfGetsVaryCookie() {
        // Django's save() reads the session data (create() goes through save(must_create=True)), which marks
        // it accessed, so a view calling request.session.save() to obtain a key gets Vary: Cookie.
        SessionLifecycle lifecycle = defaults();
        Session session = lifecycle.open((String) null);
        session.save();
        CookieDecision decision = lifecycle.close(session, false, 200);
        assertThat(decision.action()).isEqualTo(Action.SET);
        assertThat(decision.varyCookie()).isTrue();
    }

    /**
     * Django would crash here (formatting a date past year 9999); a cookie age that large is absurd but legal,
     * so the expires date saturates at the last second Python's datetime can hold instead of failing a request.
     */
    @Test
    void anAbsurdCookieAgeSaturatesExpiresInsteadOfFailingTheRequest() {
        SessionLifecycle lifecycle = lifecycle(b -> b.cookieAge(Long.MAX_VALUE));
        Session session = lifecycle.open((String) null);
        session.put("hello", "world");
        CookieDecision decision = lifecycle.close(session, false, 200);
        assertThat(decision.setCookieHeader()).hasValue("sessionid=" + session.getSessionKey()
                + "; expires=Fri, 31 Dec 9999 23:59:59 GMT; HttpOnly; Max-Age=" + Long.MAX_VALUE
                + "; Path=/; SameSite=Lax");
    }
}
