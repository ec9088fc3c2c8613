package dev.cloakroom.interop;

import tools.jackson.databind.JsonNode;
import dev.cloakroom.demo.DemoServer;
import dev.cloakroom.settings.SessionSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over HTTP, one browser's cookie jar against two applications on one database: a minimal Django site with
 * {@code django.contrib.auth} (log in, who am I, log out) and the Cloakroom demo. A login made by Django is
 * the demo's session; the demo changes the session and cycles its key, and Django keeps the user logged in;
 * a logout on either side is seen by the other.
 */
@RequiresDjango
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpLoginInteropTest {
    SharedDatabase db;
    DjangoPeer django;
    URI djangoSite;
    DemoServer demo;
    Path demoDirectory;

    @BeforeAll
    void start() throws Exception {
        db = SharedDatabase.create(SharedDatabase.Kind.SQLITE);
        DjangoConfig config = DjangoConfig.of("db").withDatabase(db.django());
        django = DjangoPeer.start(config);
        django.call("migrate");
        django.call("create_user", "username", "alice", "password", "correct horse");
        djangoSite = URI.create("http://127.0.0.1:" + django.call("serve").get("port").asInt() + "/");

        SessionSettings.Builder settings = CloakroomSide.settings(config, db.cloakroom()).toBuilder();
        demoDirectory = Files.createTempDirectory("cloakroom-interop-demo");
        demo = DemoServer.start(settings, demoDirectory, "127.0.0.1", 0, new PrintWriter(new StringWriter()),
                Clock.systemUTC());
    }

    @AfterAll
    void stop() throws Exception {
        if (demo != null) {
            demo.close();
        }
        if (django != null) {
            django.close();
        }
        if (db != null) {
            db.close();
        }
        if (demoDirectory != null) {
            Files.deleteIfExists(demoDirectory);
        }
    }

    @BeforeEach
    void noSessions() {
        db.execute("DELETE FROM django_session");
    }

    @Test
    void aDjangoLoginIsSharedWithTheDemoAndSurvivesItsChangesUntilEitherSideLogsOut() throws Exception {
        Browser browser = new Browser();

        assertThat(browser.post(djangoSite.resolve("login"), "username=alice&password=correct+horse").body())
                .isEqualTo("alice");
        String djangosKey = browser.sessionCookie();
        assertThat(db.column("SELECT session_key FROM django_session")).containsExactly(djangosKey);

        JsonNode seenByDemo = browser.json(demo.address().resolve("api/session"));
        assertThat(seenByDemo.at("/data/_auth_user_id").asString()).isEqualTo("1");
        assertThat(seenByDemo.at("/data/_auth_user_backend").asString())
                .isEqualTo("django.contrib.auth.backends.ModelBackend");

        assertThat(browser.get(demo.address().resolve("count")).body()).isEqualTo("1");
        HttpResponse<String> demoLogin = browser.post(demo.address().resolve("login"), "username=bob");
        assertThat(demoLogin.statusCode()).isBetween(300, 399);
        String cycledKey = browser.sessionCookie();
        assertThat(cycledKey).as("the demo's login cycles the key").isNotEqualTo(djangosKey);

        assertThat(browser.get(djangoSite.resolve("whoami")).body()).isEqualTo("alice");
        JsonNode afterDjango = browser.json(demo.address().resolve("api/session"));
        assertThat(afterDjango.at("/data/count").asLong()).isEqualTo(1);
        assertThat(afterDjango.at("/data/user").asString()).isEqualTo("bob");
        assertThat(db.column("SELECT session_key FROM django_session")).containsExactly(cycledKey);

        browser.post(demo.address().resolve("logout"), "");
        assertThat(browser.sessionCookie()).as("the demo's logout deletes the cookie").isNull();
        assertThat(browser.get(djangoSite.resolve("whoami")).body()).isEqualTo("anonymous");
        assertThat(db.column("SELECT COUNT(*) FROM django_session")).containsExactly("0");
    }

    @Test
    void aDjangoLogoutIsSeenByTheDemo() throws Exception {
        Browser browser = new Browser();
        browser.post(djangoSite.resolve("login"), "username=alice&password=correct+horse");
        assertThat(browser.json(demo.address().resolve("api/session")).at("/data/_auth_user_id").asString())
                .isEqualTo("1");

        assertThat(browser.get(djangoSite.resolve("logout")).body()).isEqualTo("logged out");

        assertThat(browser.sessionCookie()).isNull();
        assertThat(browser.json(demo.address().resolve("api/session")).get("data").isEmpty()).isTrue();
    }

    /** One cookie jar for both sites: cookies are per host, not per port, as in a browser. */
    static final class Browser {
        private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        private final HttpClient client = HttpClient.newBuilder().cookieHandler(cookies)
                .connectTimeout(Duration.ofSeconds(5)).build();

        HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(uri).GET());
        }

        HttpResponse<String> post(URI uri, String form) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
        }

        JsonNode json(URI uri) throws IOException, InterruptedException {
            HttpResponse<String> response = get(uri);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return DjangoPeer.JSON.readTree(response.body());
        }

        /** The sessionid cookie the jar holds, or null. */
        String sessionCookie() {
            return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("sessionid"))
                    .map(HttpCookie::getValue).findFirst().orElse(null);
        }

        private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(request.build().uri() + ": " + response.body()).isLessThan(400);
            return response;
        }
    }
}
