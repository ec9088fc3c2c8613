package dev.cloakroom.demo;

import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one request costs the store, on every engine: at most one read and one write per request, no store
 * access for a request that never touches the session, no write on a request that only reads it. The demo runs
 * behind the real servlet filter on embedded Jetty; each case counts the traffic between just before and just
 * after one request, one tiny subclass per engine saying how it is counted:
 * <ul>
 *   <li>databases: every statement the engine executes, through a DataSource of the test's own
 *       ({@link CountingDataSource});</li>
 *   <li>Redis and memcached: a server of the test's own, whose own figures are read ({@link RedisTraffic},
 *       {@link MemcachedTraffic});</li>
 *   <li>stores in this process (the local cache, files): there is no wire, so the count is at the store's
 *       interface, {@link CountingCacheBackend} or {@link CountingSessionStore}: one call however much work
 *       it does inside;</li>
 *   <li>signed_cookies keeps no store: only the cookie is checked.</li>
 * </ul>
 *
 * <p>Before any case the server is warmed up: one request of each kind is sent once and not counted, so
 * that what happens once per process or connection (Redis loading the compare-and-set script on its first
 * EVALSHA, a connection opened on first use) is not charged to the request measured.
 *
 * <p>The request that never touches the session is {@value #UNTOUCHED}: the demo answers a page it does not
 * have with 404 before it reads the session, as a browser asks for it on every visit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoreTrafficContract {
    static final String SECRET = "store-traffic-secret-key";
    /** DemoPages' unknown path: 404 before any session call. */
    static final String UNTOUCHED = "/favicon.ico";
    /** Django's make_key of a cached_db entry under the default KEY_PREFIX and VERSION. */
    static final String CACHED_DB_PREFIX = HostileInputContract.CACHED_DB_PREFIX;
    private static final Pattern ISSUED = Pattern.compile("^sessionid=([^;]*)");

    /** The requests measured. */
    enum Case {
        NEW_VISITOR_COUNT, RETURNING_COUNT, RETURNING_READ, UNTOUCHED_WITHOUT_COOKIE, UNTOUCHED_WITH_COOKIE,
        /** cached_db only: /read when the cache has lost the entry. */
        CACHE_MISS_READ
    }

    /** What a case may cost one store. */
    record Expected(int reads, int writes) {
    }

    private Server server;
    private SessionEngine engine;
    int port;

    // ---- what a subclass provides ---------------------------------------------------------------------

    /** The engine's settings on top of SECRET_KEY; may start servers or create tables it needs. */
    abstract SessionSettings.Builder settings(SessionSettings.Builder base) throws Exception;

    /** A hook to hand the engine a cache, a DataSource or a provider the test holds. */
    SessionEngines.Builder customise(SessionEngines.Builder builder) {
        return builder;
    }

    /** What counts this engine's traffic, one meter a store; none for signed_cookies. */
    abstract List<TrafficMeter> meters();

    /**
     * What {@code c} may cost each meter, by its name. The default is the issue's rule for an engine with one
     * store: a new visitor's first write creates the record without reading (one insert that refuses a taken
     * key; Django 3.2's create asks {@code exists()} of each fresh key first, one read more); a returning
     * visitor's write reads once and writes once; a read reads once; a request that never touches the session
     * costs nothing.
     */
    Map<String, Expected> expected(Case c) {
        Expected one = switch (c) {
            case NEW_VISITOR_COUNT -> new Expected(0, 1);
            case RETURNING_COUNT -> new Expected(1, 1);
            case RETURNING_READ -> new Expected(1, 0);
            case UNTOUCHED_WITHOUT_COOKIE, UNTOUCHED_WITH_COOKIE -> new Expected(0, 0);
            case CACHE_MISS_READ -> throw new IllegalArgumentException("only cached_db has a cache in front");
        };
        Map<String, Expected> each = new LinkedHashMap<>();
        for (TrafficMeter meter : meters()) {
            each.put(meter.name(), one);
        }
        return each;
    }

    /** Drops what {@link #settings} created or started. */
    void cleanUp() throws Exception {
    }

    /** The engine and its store as the printed table names them. */
    abstract String label();

    // ---- the server -----------------------------------------------------------------------------------

    @BeforeAll
    void startDemo() throws Exception {
        SessionSettings settings = settings(SessionSettings.builder().secretKey(SECRET)).build();
        engine = customise(SessionEngines.builder(settings).clock(Clock.systemUTC())).build();
        server = DemoServer.jetty(engine, "127.0.0.1", 0);
        server.start();
        port = DemoServer.localPort(server);
        warmUp();
    }

    /** One request of each kind, not counted. */
    private void warmUp() throws Exception {
        String cookie = newVisitor();
        send("/count", cookie);
        send("/read", cookie);
        send(UNTOUCHED, cookie);
        send(UNTOUCHED, null);
    }

    @AfterAll
    void stopDemo() throws Exception {
        try {
            if (server != null) {
                server.stop();
            }
            if (engine != null) {
                engine.close();
                for (TrafficMeter meter : meters()) {
                    meter.close();
                }
            }
        } finally {
            cleanUp();
        }
    }

    // ---- the cases ------------------------------------------------------------------------------------

    @Test
    void aNewVisitorsFirstWriteOnlyCreatesTheRecord() throws Exception {
        Measured measured = measure(Case.NEW_VISITOR_COUNT, "/count", null);
        assertThat(measured.response().status()).isEqualTo(200);
        assertThat(measured.response().body()).isEqualTo("1");
        assertThat(issuedKey(measured.response())).as("the new session's cookie").isNotEmpty();
        measured.assertExpected();
    }

    @Test
    void aReturningVisitorsWriteReadsOnceAndWritesOnce() throws Exception {
        String cookie = newVisitor();
        Measured measured = measure(Case.RETURNING_COUNT, "/count", cookie);
        assertThat(measured.response().status()).isEqualTo(200);
        assertThat(measured.response().body()).isEqualTo("2");
        assertThat(issuedKey(measured.response())).as("the changed session's cookie").isNotEmpty();
        measured.assertExpected();
    }

    @Test
    void aReturningVisitorsReadReadsOnceAndWritesNothing() throws Exception {
        String cookie = newVisitor();
        Measured measured = measure(Case.RETURNING_READ, "/read", cookie);
        assertThat(measured.response().status()).isEqualTo(200);
        assertThat(measured.response().body()).isEqualTo("1");
        assertThat(measured.response().headers("Set-Cookie")).as("Set-Cookie on a read").isEmpty();
        measured.assertExpected();
    }

    @Test
    void aRequestThatNeverTouchesTheSessionCostsNothingWithoutACookie() throws Exception {
        Measured measured = measure(Case.UNTOUCHED_WITHOUT_COOKIE, UNTOUCHED, null);
        assertThat(measured.response().status()).isEqualTo(404);
        assertThat(measured.response().headers("Set-Cookie")).isEmpty();
        measured.assertExpected();
    }

    @Test
    void aRequestThatNeverTouchesTheSessionCostsNothingWithACookie() throws Exception {
        String cookie = newVisitor();
        Measured measured = measure(Case.UNTOUCHED_WITH_COOKIE, UNTOUCHED, cookie);
        assertThat(measured.response().status()).isEqualTo(404);
        assertThat(measured.response().headers("Set-Cookie")).isEmpty();
        measured.assertExpected();
    }

    // ---- helpers --------------------------------------------------------------------------------------

    /** A visitor with a session holding count = 1 (not counted); answers the cookie header it sends back. */
    String newVisitor() throws Exception {
        RawHttp.Response first = send("/count", null);
        assertThat(first.status()).isEqualTo(200);
        String key = issuedKey(first);
        assertThat(key).as("a cookie from the first /count").isNotEmpty();
        return "sessionid=" + key;
    }

    RawHttp.Response send(String path, String cookie) throws Exception {
        return RawHttp.send(port, "GET", path, cookie == null ? null : cookie.getBytes(StandardCharsets.US_ASCII),
                null, null);
    }

    /** The session key a Set-Cookie of this response carries, or "" when it sets none (or deletes it). */
    static String issuedKey(RawHttp.Response response) {
        for (String header : response.headers("Set-Cookie")) {
            Matcher m = ISSUED.matcher(header);
            if (m.find()) {
                return m.group(1).replace("\"", "");
            }
        }
        return "";
    }

    /** The traffic of exactly one request, meter by meter. */
    Measured measure(Case c, String path, String cookie) throws Exception {
        List<TrafficMeter> meters = meters();
        for (TrafficMeter meter : meters) {
            meter.begin();
        }
        RawHttp.Response response = send(path, cookie);
        Map<String, TrafficMeter.Traffic> traffic = new LinkedHashMap<>();
        for (TrafficMeter meter : meters) {
            traffic.put(meter.name(), meter.end());
        }
        Measured measured = new Measured(c, response, traffic, expected(c));
        // the figures behind the report's table, one line a case and store
        System.out.println("store traffic | " + label() + " | " + c + " | " + (traffic.isEmpty() ? "no store"
                : traffic.toString()) + " | status " + response.status() + ", Set-Cookie "
                + (issuedKey(response).isEmpty() ? "none" : "sent"));
        return measured;
    }

    record Measured(Case c, RawHttp.Response response, Map<String, TrafficMeter.Traffic> traffic,
            Map<String, Expected> expected) {
        void assertExpected() {
            assertThat(traffic.keySet()).as("stores counted").containsExactlyElementsOf(expected.keySet());
            for (Map.Entry<String, TrafficMeter.Traffic> store : traffic.entrySet()) {
                TrafficMeter.Traffic seen = store.getValue();
                Expected wanted = expected.get(store.getKey());
                String what = c + " on " + store.getKey() + ": " + seen;
                assertThat(seen.unexpected()).as("calls neither read nor write, " + what).isEmpty();
                assertThat(seen.reads()).as("reads, " + what).isEqualTo(wanted.reads());
                assertThat(seen.writes()).as("writes, " + what).isEqualTo(wanted.writes());
            }
        }
    }
}
