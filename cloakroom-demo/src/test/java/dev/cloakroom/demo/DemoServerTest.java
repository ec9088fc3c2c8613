package dev.cloakroom.demo;

import tools.jackson.databind.ObjectMapper;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.settings.SettingsLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo on its default (db engine on SQLite) and on other engines, driven over HTTP. */
class DemoServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private final StringWriter output = new StringWriter();
    private DemoServer server;

    private DemoServer start(Map<String, String> environment) throws Exception {
        SessionSettings.Builder settings = new SettingsLoader(environment, Map.of(), dir).builder(Optional.empty());
        if (!environment.containsKey("DATABASE_URL")) {
            settings.set("DATABASE_URL", "jdbc:sqlite:" + dir.resolve("demo.sqlite3"));
        }
        server = DemoServer.start(settings, dir, "127.0.0.1", 0, new PrintWriter(output, true), Clock.systemUTC());
        return server;
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private Visitor visitor() {
        return new Visitor(server.address());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(HttpResponse<String> response) throws Exception {
        return JSON.readValue(response.body(), Map.class);
    }

    @Test
    void freshStartGeneratesADemoSecretBesideTheDatabaseAndMigrates() throws Exception {
        start(Map.of());
        Path secret = dir.resolve(DemoSecret.FILE_NAME);
        assertThat(secret).exists();
        assertThat(Files.readString(secret).trim()).hasSize(50);
        assertThat(Files.getPosixFilePermissions(secret)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(output.toString()).contains("no SECRET_KEY configured; generated one and saved it in " + secret)
                .contains("Created table django_session")
                .contains("Cloakroom demo running at " + server.address());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("demo.sqlite3"));
                ResultSet tables = c.getMetaData().getTables(null, null, "django_session", null)) {
            assertThat(tables.next()).isTrue();
        }
    }

    @Test
    void secondStartReusesTheSecretSoSessionsSurviveARestart() throws Exception {
        start(Map.of());
        Visitor visitor = visitor();
        assertThat(visitor.get("/count").body()).isEqualTo("1");
        server.close();
        String firstSecret = Files.readString(dir.resolve(DemoSecret.FILE_NAME));
        output.getBuffer().setLength(0);

        start(Map.of());
        assertThat(Files.readString(dir.resolve(DemoSecret.FILE_NAME))).isEqualTo(firstSecret);
        assertThat(output.toString()).contains("using the demo key saved in").doesNotContain("Created table");
        Visitor again = new Visitor(server.address());
        again.sessionCookie = visitor.sessionCookie;
        assertThat(again.get("/read").body()).isEqualTo("1");
    }

    @Test
    void configuredSecretIsUsedAndNoFileIsWritten() throws Exception {
        start(Map.of("SECRET_KEY", "configured-demo-key"));
        assertThat(dir.resolve(DemoSecret.FILE_NAME)).doesNotExist();
        assertThat(output.toString()).doesNotContain("SECRET_KEY");
    }

    @Test
    void countIncrementsAndReadDoesNotModify() throws Exception {
        start(Map.of());
        Visitor visitor = visitor();
        assertThat(visitor.get("/read").body()).isEqualTo("0");
        assertThat(visitor.setCookies()).isEmpty();
        assertThat(visitor.get("/count").body()).isEqualTo("1");
        assertThat(visitor.setCookies()).singleElement().asString().startsWith("sessionid=");
        assertThat(visitor.get("/count").body()).isEqualTo("2");
        assertThat(visitor.get("/read").body()).isEqualTo("2");
        assertThat(visitor.setCookies()).isEmpty();
        assertThat(visitor.last.headers().firstValue("Vary")).hasValue("Cookie");
    }

    @Test
    void apiGetsMergesAndFlushesTheSession() throws Exception {
        start(Map.of());
        Visitor visitor = visitor();
        Map<String, Object> empty = json(visitor.get("/api/session"));
        assertThat(empty).containsExactly(Map.entry("data", Map.of()), Map.entry("expiry_age", 1209600),
                Map.entry("expire_at_browser_close", false));

        visitor.post("/api/session", "application/json", "{\"a\": 1, \"b\": [\"x\", \"y\"]}");
        assertThat(visitor.last.statusCode()).isEqualTo(200);
        visitor.post("/api/session", "application/json", "{\"c\": {\"d\": true}}");
        Map<String, Object> merged = json(visitor.get("/api/session"));
        assertThat(merged.get("data")).isEqualTo(Map.of("a", 1, "b", java.util.List.of("x", "y"),
                "c", Map.of("d", true)));

        String key = visitor.sessionCookie;
        assertThat(json(visitor.delete("/api/session")).get("data")).isEqualTo(Map.of());
        assertThat(visitor.setCookies()).singleElement().asString().startsWith("sessionid=\"\"; expires=Thu, 01 Jan 1970");
        visitor.sessionCookie = key;
        assertThat(json(visitor.get("/api/session")).get("data")).isEqualTo(Map.of());
    }

    @Test
    void apiRefusesABodyThatIsNotAJsonObject() throws Exception {
        start(Map.of());
        Visitor visitor = visitor();
        visitor.post("/api/session", "application/json", "[1, 2]");
        assertThat(visitor.last.statusCode()).isEqualTo(400);
        assertThat(json(visitor.last)).containsKey("error");
        visitor.post("/api/session", "application/json", "{not json");
        assertThat(visitor.last.statusCode()).isEqualTo(400);
        assertThat(visitor.setCookies()).isEmpty();
    }

    @Test
    void countThatIsNotANumberReadsAsAbsentAndRestarts() throws Exception {
        start(Map.of());
        Visitor visitor = visitor();
        visitor.post("/api/session", "application/json", "{\"count\": \"abc\"}");
        assertThat(visitor.last.statusCode()).isEqualTo(200);
        assertThat(visitor.get("/read").body()).isEqualTo("0");
        assertThat(visitor.last.statusCode()).isEqualTo(200);
        assertThat(visitor.get("/counter").body()).contains("<b id=\"count\">1</b>");
        visitor.post("/api/session", "application/json", "{\"count\": [1]}");
        assertThat(visitor.get("/count").body()).isEqualTo("1");
        assertThat(visitor.get("/count").body()).isEqualTo("2");
    }

    @Test
    void pagesIgnoreACartOfTheWrongType() throws Exception {
        start(Map.of());
        Visitor visitor = visitor();
        visitor.post("/api/session", "application/json", "{\"cart\": {\"not\": \"a list\"}}");
        HttpResponse<String> cart = visitor.get("/cart");
        assertThat(cart.statusCode()).isEqualTo(200);
        assertThat(cart.body()).contains("Your cart is empty").doesNotContain("id=\"flash\"");
        assertThat(json(visitor.get("/api/session")).get("data")).isEqualTo(Map.of("cart", Map.of("not", "a list")));
    }

    @Test
    void counterPageCountsPageLoads() throws Exception {
        start(Map.of());
        Visitor visitor = visitor();
        assertThat(visitor.get("/counter").body()).contains("<b id=\"count\">1</b>");
        assertThat(visitor.get("/counter").body()).contains("<b id=\"count\">2</b>");
    }

    @Test
    void cartKeepsItemsAndEscapesThem() throws Exception {
        start(Map.of());
        Visitor visitor = visitor();
        visitor.form("/cart", "action=add&item=apple");
        assertThat(visitor.last.statusCode()).isEqualTo(303);
        visitor.form("/cart", "action=add&item=%3Cscript%3E");
        String page = visitor.get("/cart").body();
        assertThat(page).contains("<li>apple ").contains("<li>&lt;script&gt; ").doesNotContain("<script>");
        visitor.form("/cart", "action=remove&index=0");
        assertThat(visitor.get("/cart").body()).doesNotContain("<li>apple ");
        visitor.form("/cart", "action=clear");
        assertThat(visitor.get("/cart").body()).contains("Your cart is empty");
    }

    @Test
    void loginCyclesTheKeyAndLogoutFlushes() throws Exception {
        start(Map.of());
        Visitor visitor = visitor();
        visitor.get("/count");
        String before = visitor.sessionCookie;
        visitor.form("/login", "username=alice");
        String after = visitor.sessionCookie;
        assertThat(after).isNotNull().isNotEqualTo(before);
        String page = visitor.get("/login").body();
        assertThat(page).contains("Logged in as <b>alice</b>").contains("cycleKey() moved your session from key "
                + before.substring(0, 6));
        assertThat(visitor.get("/read").body()).isEqualTo("1");

        visitor.form("/logout", "");
        assertThat(visitor.setCookies()).singleElement().asString().startsWith("sessionid=\"\";");
        assertThat(visitor.sessionCookie).isNull();
        visitor.sessionCookie = after;
        assertThat(visitor.get("/read").body()).isEqualTo("0");
    }

    @Test
    void testCookieComesBack() throws Exception {
        start(Map.of());
        Visitor visitor = visitor();
        visitor.get("/test-cookie");
        assertThat(visitor.get("/test-cookie?check=1").body()).contains("The test cookie worked");
        Visitor noCookies = visitor();
        noCookies.get("/test-cookie");
        noCookies.sessionCookie = null;
        assertThat(noCookies.get("/test-cookie?check=1").body()).contains("did not come back");
    }

    @Test
    void expiryControlsChangeTheCookie() throws Exception {
        start(Map.of());
        Visitor visitor = visitor();
        visitor.form("/expiry", "mode=seconds&seconds=300");
        assertThat(visitor.setCookies()).singleElement().asString().contains("Max-Age=300;");
        visitor.form("/expiry", "mode=browser");
        assertThat(visitor.setCookies()).singleElement().asString().doesNotContain("Max-Age").doesNotContain("expires");
        assertThat(json(visitor.get("/api/session")).get("expire_at_browser_close")).isEqualTo(true);
        visitor.form("/expiry", "mode=default");
        assertThat(visitor.setCookies()).singleElement().asString().contains("Max-Age=1209600;");
    }

    @Test
    void sessionPageShowsDataAndExpiry() throws Exception {
        start(Map.of());
        Visitor visitor = visitor();
        visitor.get("/count");
        String page = visitor.get("/session").body();
        assertThat(page).contains("<code>count</code></td><td><code>1</code>")
                .contains("<span id=\"expiry-age\">1209600</span>").contains("<code>db</code>")
                .doesNotContain(visitor.sessionCookie);
    }

    @Test
    void runsOnTheFileCacheAndSignedCookieEnginesFromSettings() throws Exception {
        start(Map.of("SESSION_ENGINE", "file", "SESSION_FILE_PATH", dir.toString()));
        Visitor visitor = visitor();
        visitor.get("/count");
        assertThat(visitor.get("/count").body()).isEqualTo("2");
        assertThat(dir.resolve("sessionid" + visitor.sessionCookie)).exists();
        server.close();
        server = null;

        start(Map.of("SESSION_ENGINE", "cache", "CACHE_DEFAULT_URL", "local:"));
        Visitor cacheVisitor = visitor();
        cacheVisitor.get("/count");
        assertThat(cacheVisitor.get("/count").body()).isEqualTo("2");
        assertThat(cacheVisitor.get("/session").body()).contains("<code>cache</code>");
        server.close();
        server = null;

        start(Map.of("SESSION_ENGINE", "signed_cookies"));
        Visitor cookieVisitor = visitor();
        cookieVisitor.get("/count");
        assertThat(cookieVisitor.sessionCookie).contains(":");
        assertThat(cookieVisitor.get("/count").body()).isEqualTo("2");
    }

    // ---- what a hostile visitor tries on the demo -----------------------------------------------------

    @Test
    void apiRefusesABodyOverItsLimitWith413AndStoresNothing() throws Exception {
        start(Map.of());
        Visitor visitor = visitor();
        String big = "{\"a\": \"" + "x".repeat(SessionApi.MAX_BODY_BYTES) + "\"}";

        HttpResponse<String> refused = visitor.post("/api/session", "application/json", big);

        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(visitor.setCookies()).isEmpty();
        assertThat(sessionRows()).isZero();
        String fits = "{\"a\": \"" + "x".repeat(SessionApi.MAX_BODY_BYTES - 20) + "\"}";
        assertThat(visitor.post("/api/session", "application/json", fits).statusCode()).isEqualTo(200);
    }

    @Test
    void apiRefusesABodyOverItsLimitSentWithoutALength() throws Exception {
        start(Map.of());
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        byte[] chunk = "x".repeat(4096).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(server.address().resolve("/api/session"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.SequenceInputStream(
                        java.util.Collections.enumeration(java.util.stream.Stream.generate(
                                () -> new java.io.ByteArrayInputStream(chunk)).limit(64).toList()))))
                .build();

        HttpResponse<String> refused = client.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(413);
    }

    @Test
    void apiRefusesKeysOfTheFrameworkWith400() throws Exception {
        start(Map.of());
        Visitor visitor = visitor();
        for (String key : new String[] {"_session_expiry", "_auth_user_id", "_demo_flash", "_"}) {
            HttpResponse<String> refused = visitor.post("/api/session", "application/json",
                    "{\"a\": 1, \"" + key + "\": 5}");
            assertThat(refused.statusCode()).as(key).isEqualTo(400);
            assertThat(refused.body()).contains(key);
        }
        assertThat(visitor.setCookies()).isEmpty();
        assertThat(sessionRows()).isZero();
    }

    @Test
    void countAtTheLargestLongSaysSoInsteadOfWrapping() throws Exception {
        start(Map.of());
        Visitor visitor = visitor();
        visitor.post("/api/session", "application/json", "{\"count\": " + Long.MAX_VALUE + "}");

        HttpResponse<String> full = visitor.get("/count");

        assertThat(full.statusCode()).isEqualTo(409);
        assertThat(full.body()).contains("maximum").doesNotContain("-");
        assertThat(visitor.get("/read").body()).isEqualTo(Long.toString(Long.MAX_VALUE));
        assertThat(visitor.get("/counter").body()).contains("at its maximum").contains(Long.toString(Long.MAX_VALUE));
        visitor.post("/api/session", "application/json", "{\"count\": " + (Long.MAX_VALUE - 1) + "}");
        assertThat(visitor.get("/count").body()).isEqualTo(Long.toString(Long.MAX_VALUE));
    }

    @Test
    void responsesCarryNoServerBanner() throws Exception {
        start(Map.of());
        Visitor visitor = visitor();
        for (String path : new String[] {"/", "/count", "/no-such-page"}) {
            HttpResponse<String> response = visitor.get(path);
            assertThat(response.headers().firstValue("Server")).as(path).isEmpty();
            assertThat(response.headers().firstValue("X-Powered-By")).as(path).isEmpty();
            assertThat(response.body()).as(path).doesNotContainIgnoringCase("jetty");
        }
    }

    /** The store fails (its table is gone): the visitor gets a bare 500, none of the driver's text. */
    @Test
    void aFailingStoreIsA500WithoutTheDatabasesText() throws Exception {
        start(Map.of());
        Visitor visitor = visitor();
        assertThat(visitor.get("/count").body()).isEqualTo("1");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("demo.sqlite3"))) {
            c.createStatement().execute("DROP TABLE django_session");
        }

        for (String path : new String[] {"/count", "/counter", "/api/session"}) {
            HttpResponse<String> failed = visitor.get(path);
            assertThat(failed.statusCode()).as(path).isEqualTo(500);
            assertThat(failed.body()).as(path).contains("500").doesNotContain(dir.toString())
                    .doesNotContain("SQLITE").doesNotContain("django_session").doesNotContain("Exception")
                    .doesNotContainIgnoringCase("jetty").doesNotContain("dev.cloakroom");
            assertThat(failed.headers().firstValue("Server")).isEmpty();
        }
    }

    private long sessionRows() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("demo.sqlite3"));
                ResultSet rows = c.createStatement().executeQuery("SELECT COUNT(*) FROM django_session")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
