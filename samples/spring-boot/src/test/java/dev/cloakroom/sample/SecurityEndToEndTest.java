package dev.cloakroom.sample;

import dev.cloakroom.session.SessionStatistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Security on Cloakroom's sessions, end to end over HTTP against the running sample: the saved request,
 * form login with CSRF, session fixation protection, a login that outlives a restart of the application on
 * the same store, CSRF on the application's own form, logout, and a tampered cookie. Each subclass runs it
 * on one store and says how to look into that store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SecurityEndToEndTest {
    private SampleApp app;

    /** The properties that put the sample's sessions on this store (after checking the server is there). */
    abstract List<String> storeProperties() throws Exception;

    /** Whether the store holds a live session under {@code key}, read from the store itself. */
    abstract boolean stored(String key) throws Exception;

    /** Further checks on the stored record of a signed-in session (e.g. that it is Django's JSON). */
    void checkStoredLogin(String key) throws Exception {
    }

    /** Called after the application stopped. */
    void cleanUp() throws Exception {
    }

    @BeforeAll
    void startTheSample() throws Exception {
        app = SampleApp.start(storeProperties().toArray(String[]::new));
    }

    @AfterAll
    void stopTheSample() throws Exception {
        if (app != null) {
            app.close();
        }
        cleanUp();
    }

    private Client client() {
        return new Client(() -> app);
    }

    private static String location(HttpResponse<String> response) {
        assertThat(response.statusCode()).as("a redirect from " + response.uri()).isEqualTo(302);
        return response.headers().firstValue("Location").orElseThrow();
    }

    /** Logs {@code client} in as alice and returns the session key it then holds. */
    private static String logIn(Client client) throws Exception {
        HttpResponse<String> login = client.logIn("alice", "password");
        assertThat(location(login)).doesNotContain("error");
        return client.cookie("sessionid");
    }

    @Test
    void theAccountPageAsksForALoginAndTheSavedRequestLeadsBackToItWithANewSessionKey() throws Exception {
        Client client = client();
        HttpResponse<String> anonymous = client.get("/account");
        assertThat(location(anonymous)).endsWith("/login");
        String keyBeforeLogin = client.cookie("sessionid");
        assertThat(keyBeforeLogin).as("the saved request lives in a session").matches("[a-z0-9]{32}");

        HttpResponse<String> loginPage = client.follow(anonymous);
        assertThat(loginPage.statusCode()).isEqualTo(200);
        assertThat(loginPage.body()).contains("name=\"username\"");
        HttpResponse<String> login = client.post("/login", "username", "alice", "password", "password",
                "_csrf", Client.csrfToken(loginPage));

        assertThat(location(login)).as("back to the saved request").endsWith("/account?continue");
        String keyAfterLogin = client.cookie("sessionid");
        assertThat(keyAfterLogin).as("session fixation protection: a new key at login").isNotNull()
                .isNotEqualTo(keyBeforeLogin);
        assertThat(stored(keyBeforeLogin)).as("the record under the old key is gone").isFalse();
        assertThat(stored(keyAfterLogin)).isTrue();

        HttpResponse<String> account = client.follow(login);
        assertThat(account.statusCode()).isEqualTo(200);
        assertThat(account.body()).contains("<strong id=\"user\">alice</strong>");

        Client attacker = client();
        attacker.setCookie("sessionid", keyBeforeLogin);
        assertThat(location(attacker.get("/account"))).as("the key from before the login").endsWith("/login");
    }

    @Test
    void aWrongPasswordIsRefused() throws Exception {
        Client client = client();
        HttpResponse<String> login = client.logIn("alice", "not-her-password");
        assertThat(location(login)).endsWith("/login?error");
        assertThat(location(client.get("/account"))).endsWith("/login");
    }

    @Test
    void theLoginOutlivesARestartOfTheApplicationOnTheSameStore() throws Exception {
        Client client = client();
        String key = logIn(client);
        assertThat(stored(key)).isTrue();
        checkStoredLogin(key);

        app = app.restart();

        HttpResponse<String> account = client.get("/account");
        assertThat(account.statusCode()).as("still signed in after the restart").isEqualTo(200);
        assertThat(account.body()).contains("<strong id=\"user\">alice</strong>");
        assertThat(client.cookie("sessionid")).isEqualTo(key);
    }

    @Test
    void thePostOfANoteNeedsTheCsrfTokenOfTheSession() throws Exception {
        Client client = client();
        logIn(client);
        String token = Client.csrfToken(client.get("/account"));

        HttpResponse<String> added = client.post("/notes", "text", "buy <milk>", "_csrf", token);
        assertThat(location(added)).endsWith("/account");
        HttpResponse<String> account = client.get("/account");
        assertThat(account.body())
                .contains("<li class=\"note\" data-type=\"dev.cloakroom.sample.Note\">buy &lt;milk&gt;</li>");

        assertThat(client.post("/notes", "text", "no token").statusCode()).isEqualTo(403);
        assertThat(client.post("/notes", "text", "a wrong token", "_csrf", "x" + token).statusCode())
                .isEqualTo(403);
        Client other = client();
        logIn(other);
        assertThat(other.post("/notes", "text", "another session's token", "_csrf", token).statusCode())
                .as("a token is good only in its own session").isEqualTo(403);

        assertThat(client.get("/account").body()).containsOnlyOnce("class=\"note\"").doesNotContain("token");
    }

    /**
     * Spring Security's filters (security context, CSRF token, saved request) and the page all read the same
     * session, loaded once: one store read and one decode for the whole request, and no write when nothing
     * changed.
     */
    @Test
    void aSignedInRequestReadsTheStoreOnce() throws Exception {
        Client client = client();
        logIn(client);
        client.get("/account");

        SessionStatistics before = app.statistics();
        HttpResponse<String> account = client.get("/account");
        SessionStatistics after = app.statistics();

        assertThat(account.statusCode()).isEqualTo(200);
        assertThat(after.storeReads() - before.storeReads()).as("store reads").isEqualTo(1);
        assertThat(after.decodes() - before.decodes()).as("decodes").isEqualTo(1);
        assertThat(after.storeWrites() - before.storeWrites()).as("store writes").isZero();

        String token = Client.csrfToken(account);
        before = app.statistics();
        assertThat(client.post("/notes", "text", "one read", "_csrf", token).statusCode()).isEqualTo(302);
        after = app.statistics();
        assertThat(after.storeReads() - before.storeReads()).as("store reads of a POST").isEqualTo(1);
        assertThat(after.storeWrites() - before.storeWrites()).as("store writes of a POST").isEqualTo(1);
        assertThat(after.conflicts() - before.conflicts()).isZero();
    }

    @Test
    void logoutDeletesTheCookieAndTheSession() throws Exception {
        Client client = client();
        String key = logIn(client);
        String token = Client.csrfToken(client.get("/account"));

        HttpResponse<String> logout = client.post("/logout", "_csrf", token);

        assertThat(location(logout)).endsWith("/login?logout");
        assertThat(logout.headers().allValues("Set-Cookie"))
                .anySatisfy(cookie -> assertThat(cookie).startsWith("sessionid=\"\"").containsIgnoringCase(
                        "Max-Age=0"));
        assertThat(client.cookie("sessionid")).isNull();
        assertThat(stored(key)).isFalse();
        Client old = client();
        old.setCookie("sessionid", key);
        assertThat(location(old.get("/account"))).endsWith("/login");
    }

    @Test
    void aTamperedCookieGetsTheLoginPageNeverAnError() throws Exception {
        Client client = client();
        String key = logIn(client);
        char last = key.charAt(key.length() - 1);
        List<String> tampered = List.of(key.substring(0, key.length() - 1) + (last == 'a' ? 'b' : 'a'),
                key.toUpperCase(java.util.Locale.ROOT), key + "0", "x", "../../etc/passwd",
                "%00" + key, "a".repeat(4000));
        for (String value : tampered) {
            Client forger = client();
            forger.setCookie("sessionid", value);
            HttpResponse<String> response = forger.get("/account");
            assertThat(response.statusCode()).as("cookie " + value).isEqualTo(302);
            assertThat(location(response)).endsWith("/login");
        }
        assertThat(client.get("/account").statusCode()).as("the real key still works").isEqualTo(200);
    }
}
