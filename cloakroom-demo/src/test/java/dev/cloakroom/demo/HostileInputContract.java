package dev.cloakroom.demo;

import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.store.SessionKeys;
import dev.cloakroom.testkit.LogCapture;
import dev.cloakroom.testkit.ReferenceSigner;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an attacker can send or plant, against the demo application behind the real servlet filter on
 * embedded Jetty, one tiny subclass per engine. Every case asserts the same: no 5xx, no internal text in
 * the response, an empty session, the bad cookie never adopted (no Set-Cookie carrying it; a new key when
 * the application writes), nothing written under a bogus key, and a line on the security log exactly when
 * the input was malformed.
 *
 * <p>Cookie cases ({@link HostileCookies}) are the same for every engine; bad stored records
 * ({@link #badRecords()}) are written behind the store's back, and a subclass adds the ones only its store
 * can hold (a BLOB in SQLite, a cache entry without its expiry).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HostileInputContract {
    static final String SECRET = "hostile-input-secret-key";
    /** Django's salts, as the stored formats spell them (ground truth, not the code under test). */
    static final String STORE_SALT = "django.contrib.sessions.SessionStore";
    static final String SIGNED_COOKIES_SALT = "django.contrib.sessions.backends.signed_cookies";
    /**
     * Where the cache engine and cached_db keep a session in the cache: prefix + session key, under Django's
     * make_key ({@code KEY_PREFIX:VERSION:}, here the defaults: empty and 1).
     */
    static final String CACHE_PREFIX = ":1:cloakroom.sessions.cache";
    static final String CACHED_DB_PREFIX = ":1:cloakroom.sessions.cached_db";
    static final ObjectMapper JSON = new ObjectMapper();
    /** Text that must never reach a client: class names, drivers' codes, the container's name. */
    static final List<String> INTERNALS = List.of("Exception", "dev.cloakroom", "java.", "SQLITE", "SQLState",
            "jdbc", "postgresql", "mariadb", "redis:", "Jetty", "django_session", "at org.", "Caused by");

    /** A well-formed key as a Set-Cookie header carries it. */
    private static final java.util.regex.Pattern ISSUED_KEY = java.util.regex.Pattern.compile("sessionid=[a-z0-9]{32};");

    /** Jetty's default limit for a request's headers. */
    static final int MAX_COOKIE_HEADER = 8 * 1024 - 200;

    private Server server;
    private SessionEngine engine;
    int port;

    // ---- what a subclass provides ---------------------------------------------------------------------

    /** The engine's settings on top of SECRET_KEY; may start servers or create namespaces it needs. */
    abstract SessionSettings.Builder settings(SessionSettings.Builder base) throws Exception;

    /** A hook to hand the engine a cache the test holds. */
    SessionEngines.Builder customise(SessionEngines.Builder builder) {
        return builder;
    }

    /** Whether sessions live on the server (false: signed_cookies). */
    boolean serverSide() {
        return true;
    }

    /** Writes {@code data} as a live record behind the store's back; answers the cookie value that names it. */
    abstract String plant(String data) throws Exception;

    /** Whether the store holds a record under {@code key}, read behind its back. */
    abstract boolean hasRecord(String key) throws Exception;

    /** Bad records only this store can hold, each planting itself and answering its cookie value. */
    List<BadRecord> storeSpecificRecords() {
        return List.of();
    }

    /** Drops what {@link #settings} created. */
    void cleanUp() throws Exception {
    }

    /** The salt of the data this engine stores (the cookie's own for signed_cookies). */
    String dataSalt() {
        return HostileInputContract.STORE_SALT;
    }

    // ---- the server -----------------------------------------------------------------------------------

    @BeforeAll
    void startDemo() throws Exception {
        SessionSettings settings = settings(SessionSettings.builder().secretKey(SECRET)).build();
        engine = customise(SessionEngines.builder(settings).clock(Clock.systemUTC())).build();
        server = DemoServer.jetty(engine, "127.0.0.1", 0);
        server.start();
        port = DemoServer.localPort(server);
    }

    @AfterAll
    void stopDemo() throws Exception {
        try {
            if (server != null) {
                server.stop();
            }
            if (engine != null) {
                engine.close();
            }
        } finally {
            cleanUp();
        }
    }

    // ---- the cases ------------------------------------------------------------------------------------

    Stream<HostileCookies.Case> cookieCases() {
        return HostileCookies.cases(valueOfAnotherEngine(), signedLike()).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cookieCases")
    void aHostileCookieGetsAnEmptySessionAndIsNeverAdopted(HostileCookies.Case hostile) throws Exception {
        RawHttp.Response read;
        List<String> warnings;
        try (LogCapture log = LogCapture.start()) {
            read = RawHttp.send(port, "GET", "/api/session", hostile.header(), null, null);
            warnings = log.securityWarnings();
        }
        assertNoInternals(read);
        if (hostile.containerRefuses()) {
            assertThat(read.status()).isBetween(400, 499);
            return;
        }
        assertThat(read.status()).isEqualTo(200);
        assertThat(data(read)).as("session data").isEmpty();
        assertNotAdopted(read, hostile.effectiveValue());
        if (expectWarning(hostile)) {
            assertThat(warnings).as("security log").isNotEmpty();
        } else {
            assertThat(warnings).as("security log").isEmpty();
        }
        if (serverSide() && hostile.effectiveValue() != null) {
            assertThat(hasRecord(hostile.effectiveValue())).as("a record under the bogus key").isFalse();
        }

        RawHttp.Response write = RawHttp.send(port, "POST", "/api/session", hostile.header(), "application/json",
                "{\"probe\": 1}".getBytes(StandardCharsets.UTF_8));
        assertNoInternals(write);
        assertThat(write.status()).isEqualTo(200);
        assertThat(data(write)).isEqualTo(Map.of("probe", 1));
        String issued = sessionCookie(write);
        assertThat(issued).as("a new session cookie").isNotNull().isNotEmpty().isNotEqualTo(hostile.effectiveValue());
        if (serverSide()) {
            assertThat(SessionKeys.isWellFormed(issued)).as(issued).isTrue();
            assertThat(hasRecord(issued)).isTrue();
            if (hostile.effectiveValue() != null) {
                assertThat(hasRecord(hostile.effectiveValue())).as("a record under the bogus key").isFalse();
            }
        }
    }

    Stream<BadRecord> badRecords() {
        List<BadRecord> all = new ArrayList<>();
        for (HostileRecords.Data data : HostileRecords.data(dataSalt(), SECRET)) {
            all.add(new BadRecord(data.name(), () -> plant(data.value()), data.suspicious(), null));
        }
        all.addAll(storeSpecificRecords());
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRecords")
    void aBadStoredRecordIsAnEmptySessionAndALogLine(BadRecord bad) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(bad.finding() == null, () -> "finding: " + bad.finding());
        String cookie = bad.plant().call();
        byte[] header = ("sessionid=" + cookie).getBytes(StandardCharsets.UTF_8);
        if (!serverSide() && (header.length > MAX_COOKIE_HEADER || cookie.chars().anyMatch(c -> c < 0x20))) {
            // as a cookie, the record is more than a container takes: refused before any filter runs
            try {
                RawHttp.Response refused = RawHttp.send(port, "GET", "/api/session", header, null, null);
                assertNoInternals(refused);
                assertThat(refused.status()).isBetween(400, 499);
            } catch (java.io.IOException closedWhileSending) {
                // Jetty closes the connection on a header past its limit before reading it all
            }
            return;
        }
        RawHttp.Response read;
        List<String> warnings;
        try (LogCapture log = LogCapture.start()) {
            read = RawHttp.send(port, "GET", "/api/session", header, null, null);
            warnings = log.securityWarnings();
        }
        assertNoInternals(read);
        assertThat(read.status()).isEqualTo(200);
        assertThat(data(read)).as("session data").isEmpty();
        if (bad.suspicious() && !(cookie.isEmpty() && !serverSide())) {
            assertThat(warnings).as("security log").isNotEmpty();
        }

        RawHttp.Response write = RawHttp.send(port, "POST", "/api/session", header, "application/json",
                "{\"probe\": 1}".getBytes(StandardCharsets.UTF_8));
        assertNoInternals(write);
        assertThat(write.status()).isEqualTo(200);
        assertThat(data(write)).as("nothing of the bad record joins the new data").isEqualTo(Map.of("probe", 1));
        String issued = sessionCookie(write);
        assertThat(issued).isNotNull();
        RawHttp.Response again = RawHttp.send(port, "GET", "/api/session",
                ("sessionid=" + issued).getBytes(StandardCharsets.ISO_8859_1), null, null);
        assertThat(data(again)).isEqualTo(Map.of("probe", 1));
    }

    /** The control: a record planted the same way, but well formed, is served; so the cases above test something. */
    @Test
    void aGoodRecordPlantedTheSameWayIsServed() throws Exception {
        String payload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"planted\":\"yes\"}".getBytes(StandardCharsets.UTF_8));
        String cookie = plant(new ReferenceSigner(dataSalt(), SECRET).timestampSign(payload, Instant.now()));
        RawHttp.Response read = RawHttp.send(port, "GET", "/api/session",
                ("sessionid=" + cookie).getBytes(StandardCharsets.ISO_8859_1), null, null);
        assertThat(read.status()).isEqualTo(200);
        assertThat(data(read)).isEqualTo(Map.of("planted", "yes"));
    }

    /**
     * A signed, compressed record of a few KB that would inflate to 64 MB: refused on read, as inflating past
     * SESSION_MAX_SIZE stops (its default 256 KiB is the most a save ever stores before compression).
     */
    @Test
    void aCompressedRecordThatInflatesWithoutBoundIsRefused() throws Exception {
        // as a cookie, 64 MB would compress past the container's header limit and never reach the filter;
        // 4 MB still fits in one, and is far past SESSION_MAX_SIZE all the same
        int inflated = serverSide() ? 64 * 1024 * 1024 : 4 * 1024 * 1024;
        String cookie = plant(HostileRecords.zipBomb(dataSalt(), SECRET, inflated));
        assertThat(("sessionid=" + cookie).length()).as("the cookie header fits").isLessThan(MAX_COOKIE_HEADER);
        RawHttp.Response read = RawHttp.send(port, "GET", "/api/session",
                ("sessionid=" + cookie).getBytes(StandardCharsets.ISO_8859_1), null, null);
        assertNoInternals(read);
        assertThat(data(read)).isEmpty();
    }

    @Test
    void anOversizedBodyIsRefusedAndStoresNothing() throws Exception {
        byte[] body = ("{\"a\": \"" + "x".repeat(SessionApi.MAX_BODY_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8);
        RawHttp.Response refused = RawHttp.send(port, "POST", "/api/session", null, "application/json", body);
        assertNoInternals(refused);
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.headers("Set-Cookie")).isEmpty();
    }

    /**
     * A session grown past what the engine can keep, in requests each within the body limit: refused with a
     * 413 and no cookie for signed_cookies (a browser drops cookies over 4 KB), kept whole on every server engine
     * (some 130 KB, under SESSION_MAX_SIZE's default of 256 KiB), never a success for a change that was not stored.
     */
    @Test
    void aSessionGrownLargeIsStoredOrRefusedButNeverASuccessWithoutIt() throws Exception {
        String cookie = null;
        for (int i = 0; i < 8; i++) {
            String value = randomDigits(SessionApi.MAX_BODY_BYTES - 100);
            byte[] header = cookie == null ? null : ("sessionid=" + cookie).getBytes(StandardCharsets.ISO_8859_1);
            RawHttp.Response response = RawHttp.send(port, "POST", "/api/session", header, "application/json",
                    ("{\"k" + i + "\": \"" + value + "\"}").getBytes(StandardCharsets.UTF_8));
            assertNoInternals(response);
            if (response.status() != 200) {
                assertThat(serverSide()).as("a server engine keeps the session; refused with " + response.status())
                        .isFalse();
                assertThat(response.status()).isEqualTo(413);
                assertThat(response.headers("Set-Cookie")).isEmpty();
                return;
            }
            cookie = sessionCookie(response) == null ? cookie : sessionCookie(response);
            RawHttp.Response read = RawHttp.send(port, "GET", "/api/session",
                    ("sessionid=" + cookie).getBytes(StandardCharsets.ISO_8859_1), null, null);
            assertThat(data(read)).as("what the 200 said was stored").containsEntry("k" + i, value);
        }
        assertThat(serverSide()).as("a signed cookie of 100 KB cannot have been sent").isTrue();
    }

    // ---- helpers --------------------------------------------------------------------------------------

    /** A value that is valid for another engine under the same SECRET_KEY. */
    String valueOfAnotherEngine() {
        if (serverSide()) {
            String payload = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
            return new ReferenceSigner(HostileInputContract.SIGNED_COOKIES_SALT, SECRET).timestampSign(payload, Instant.now());
        }
        return "abcdefghijklmnopqrstuvwxyz012345";
    }

    /** A value in the signed-cookie shape signed with the data salt, which the cookie engine must refuse. */
    String signedLike() {
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        return new ReferenceSigner(HostileInputContract.STORE_SALT, SECRET).timestampSign(payload, Instant.now());
    }

    /** Malformed input is logged; a well-formed key the server does not know is only an expired session. */
    private boolean expectWarning(HostileCookies.Case hostile) {
        if (!hostile.malformed()) {
            return false;
        }
        return !serverSide() || hostile.effectiveValue() == null || !SessionKeys.isWellFormed(hostile.effectiveValue());
    }

    static void assertNoInternals(RawHttp.Response response) {
        // a fresh key is 32 random characters of [a-z0-9], which now and then spell "jdbc"
        String text = ISSUED_KEY.matcher(response.text()).replaceAll("sessionid=<key>");
        for (String internal : INTERNALS) {
            assertThat(text).as("response text").doesNotContain(internal);
        }
        assertThat(response.status()).as("status").isLessThan(500);
    }

    void assertNotAdopted(RawHttp.Response response, String bad) {
        for (String setCookie : response.headers("Set-Cookie")) {
            if (setCookie.startsWith("sessionid=")) {
                String value = setCookie.substring("sessionid=".length(), setCookie.indexOf(';'));
                assertThat(value).as("a cookie echoing the bad value").isNotEqualTo(bad);
                if (serverSide()) {
                    assertThat(value).as("a read sets no session cookie but a deletion").isEqualTo("\"\"");
                }
            }
            if (bad != null && !bad.isEmpty()) {
                assertThat(setCookie).doesNotContain(bad);
            }
        }
    }

    /** The session cookie's value in a response, null when it sets none, "" for a deletion. */
    static String sessionCookie(RawHttp.Response response) {
        for (String setCookie : response.headers("Set-Cookie")) {
            if (setCookie.startsWith("sessionid=")) {
                String value = setCookie.substring("sessionid=".length(), setCookie.indexOf(';'));
                return value.equals("\"\"") ? "" : value;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> data(RawHttp.Response response) throws Exception {
        return (Map<String, Object>) JSON.readValue(response.body(), Map.class).get("data");
    }

    static String randomKey() {
        StringBuilder key = new StringBuilder();
        while (key.length() < 32) {
            key.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(ThreadLocalRandom.current().nextInt(36)));
        }
        return key.toString();
    }

    /** Digits only, so that no random run of letters reads as one of {@link #INTERNALS}. */
    static String randomDigits(int length) {
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            text.append(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        }
        return text.substring(0, length);
    }

    /** A bad record: how to plant it (answering the cookie value that names it) and whether it is malformed. */
    record BadRecord(String name, java.util.concurrent.Callable<String> plant, boolean suspicious, String finding) {
        BadRecord(String name, java.util.concurrent.Callable<String> plant, boolean suspicious) {
            this(name, plant, suspicious, null);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
