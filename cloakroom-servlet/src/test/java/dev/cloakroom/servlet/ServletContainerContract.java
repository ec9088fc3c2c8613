package dev.cloakroom.servlet;

import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.spi.EngineParts;
import dev.cloakroom.testkit.MemorySessionStore;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same servlet application behind {@link SessionMiddleware}, checked over real HTTP; one subclass per
 * container. The engine's clock stands at 1700000000 so the headers can be compared with Django's text.
 */
abstract class ServletContainerContract {
    static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
    static final String TWO_WEEKS = "; expires=Tue, 28 Nov 2023 22:13:20 GMT; HttpOnly; Max-Age=1209600; Path=/; "
            + "SameSite=Lax";
    static final String DELETION = "sessionid=\"\"; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; "
            + "SameSite=Lax";

    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final SessionSettings SETTINGS = SessionSettings.builder().secretKey("container-test-key")
            .trustedTypes(List.of("dev.cloakroom.servlet.*")).build();

    final MemorySessionStore store = new MemorySessionStore(CLOCK);
    final SessionEngine engine = SessionEngines.builder(SETTINGS).clock(CLOCK)
            .engine("memory", EngineParts.store(store)).build();
    final DemoServlet servlet = new DemoServlet();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private int port;

    /**
     * Starts the container on a free port with {@code filter} on every path (for REQUEST, FORWARD, ASYNC and ERROR
     * dispatches) in front of {@code servlet}, with {@code /error-page} as the error page for status 418.
     */
    abstract int start(Filter filter, HttpServlet servlet) throws Exception;

    abstract void stop() throws Exception;

    /**
     * Whether Vary survives {@code sendError} for a status with no error page. Jetty removes Vary with the
     * content headers and renders such an error without any dispatch a filter could act in, so there it
     * cannot be restored (with an error page, the error dispatch restores it; see the 418 test).
     */
    boolean keepsVaryOnErrorsWithoutAnErrorPage() {
        return true;
    }

    @BeforeEach
    void startContainer() throws Exception {
        port = start(new SessionMiddleware(engine), servlet);
    }

    @AfterEach
    void stopContainer() throws Exception {
        stop();
        engine.close();
    }

    @Test
    void anObjectSetIntoTheHttpSessionIsTheSameClassInTheNextRequest() throws Exception {
        HttpResponse<String> put = get("/typed-put");
        String cookie = setCookies(put).get(0).split(";", 2)[0];

        HttpResponse<String> read = get("/typed-get", cookie);

        assertThat(read.body()).isEqualTo("Basket equal=true Integer=7");
    }

    // ---- helpers --------------------------------------------------------------------------------------

    HttpResponse<String> get(String path, String cookieHeader) throws Exception {
        return client.send(request(path, cookieHeader), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return get(path, null);
    }

    HttpResponse<String> head(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String path, String cookieHeader) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20));
        if (cookieHeader != null) {
            builder.header("Cookie", cookieHeader);
        }
        return builder.build();
    }

    static List<String> setCookies(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie");
    }

    static String vary(HttpResponse<?> response) {
        return String.join(", ", response.headers().allValues("Vary"));
    }

    /** The session key the response's single Set-Cookie carries. */
    static String keyOf(HttpResponse<?> response) {
        List<String> cookies = setCookies(response);
        assertThat(cookies).hasSize(1);
        String cookie = cookies.get(0);
        return cookie.substring("sessionid=".length(), cookie.indexOf(';'));
    }

    /**
     * The session data the store holds under {@code key}, read afresh through the engine as the next request
     * would read it; null when the store has no record there.
     */
    Map<String, Object> stored(String key) {
        return store.exists(key) ? engine.open(key).asMap() : null;
    }

    // ---- the tests ------------------------------------------------------------------------------------

    @Test
    void counterPersistsThroughTheCookieWithDjangosExactHeader() throws Exception {
        HttpResponse<String> first = get("/count");
        assertThat(first.body()).isEqualTo("1");
        String key = keyOf(first);
        assertThat(key).matches("[a-z0-9]{32}");
        assertThat(setCookies(first)).containsExactly("sessionid=" + key + TWO_WEEKS);
        assertThat(vary(first)).isEqualTo("Cookie");

        HttpResponse<String> second = get("/count", "sessionid=" + key);
        assertThat(second.body()).isEqualTo("2");
        assertThat(setCookies(second)).containsExactly("sessionid=" + key + TWO_WEEKS);
        assertThat(get("/count", "sessionid=" + key).body()).isEqualTo("3");
        assertThat(stored(key)).containsEntry("count", 3L);
    }

    @Test
    void getSessionFalseIsNullWithoutCookieAndCreatesNothing() throws Exception {
        HttpResponse<String> response = get("/peek");
        assertThat(response.body()).isEqualTo("none");
        assertThat(setCookies(response)).isEmpty();
        assertThat(vary(response)).isEqualTo("Cookie");
        assertThat(store.writes()).as("records written").isZero();
    }

    @Test
    void unknownCookieIsNoSessionAndGetsDeleted() throws Exception {
        HttpResponse<String> response = get("/peek", "sessionid=abcdefghijklmnopqrstuvwxyz012345");
        assertThat(response.body()).isEqualTo("none");
        assertThat(setCookies(response)).containsExactly(DELETION);
    }

    @Test
    void lastOfDuplicateCookiesWins() throws Exception {
        String key = keyOf(get("/count"));
        HttpResponse<String> response = get("/peek", "sessionid=zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz; sessionid=" + key);
        assertThat(response.body()).isEqualTo("count=1");
    }

    @Test
    void invalidateFlushesAndDeletesTheCookie() throws Exception {
        String key = keyOf(get("/count"));
        HttpResponse<String> response = get("/invalidate", "sessionid=" + key);
        assertThat(response.body()).isEqualTo("gone");
        assertThat(setCookies(response)).containsExactly(DELETION);
        assertThat(vary(response)).isEqualTo("Cookie");
        assertThat(store.exists(key)).isFalse();
    }

    @Test
    void changeSessionIdCyclesTheKeyAndTheCookie() throws Exception {
        String oldKey = keyOf(get("/count"));
        HttpResponse<String> response = get("/change-id", "sessionid=" + oldKey);
        String newKey = keyOf(response);
        assertThat(response.body()).isEqualTo(newKey);
        assertThat(newKey).isNotEqualTo(oldKey).matches("[a-z0-9]{32}");
        assertThat(store.exists(oldKey)).isFalse();
        assertThat(get("/peek", "sessionid=" + newKey).body()).isEqualTo("count=1");
    }

    @Test
    void httpSessionReportsNewnessTimesAndInterval() throws Exception {
        String key = keyOf(get("/count"));
        HttpResponse<String> response = get("/describe", "sessionid=" + key);
        long millis = NOW.toEpochMilli();
        assertThat(response.body()).isEqualTo("new=false id=" + key + " created=" + millis + " last=" + millis
                + " max=1209600");
        assertThat(stored(key)).containsEntry(CloakroomHttpSession.CREATED_KEY, millis);
    }

    @Test
    void sessionCreatedInThisRequestIsNewAndHidesTheBridgeKeys() throws Exception {
        HttpResponse<String> response = get("/create-and-describe");
        assertThat(response.body()).isEqualTo("new=true names=[b, a] created=" + NOW.toEpochMilli() + " same=true");
        assertThat(stored(keyOf(response))).containsOnlyKeys("b", "a", CloakroomHttpSession.CREATED_KEY,
                CloakroomHttpSession.LAST_ACCESS_KEY);
    }

    @Test
    void maxInactiveIntervalIsTheCookieExpiry() throws Exception {
        HttpResponse<String> response = get("/max-inactive?seconds=300");
        assertThat(setCookies(response)).containsExactly("sessionid=" + keyOf(response)
                + "; expires=Tue, 14 Nov 2023 22:18:20 GMT; HttpOnly; Max-Age=300; Path=/; SameSite=Lax");
        HttpResponse<String> browserSession = get("/max-inactive?seconds=0");
        assertThat(setCookies(browserSession))
                .containsExactly("sessionid=" + keyOf(browserSession) + "; HttpOnly; Path=/; SameSite=Lax");
    }

    @Test
    void earlyWriterFlushStillCarriesTheCookie() throws Exception {
        HttpResponse<String> response = get("/flush-early");
        assertThat(response.body()).isEqualTo("partial rest");
        assertThat(setCookies(response)).containsExactly("sessionid=" + keyOf(response) + TWO_WEEKS);
        assertThat(stored(keyOf(response))).containsEntry("early", "yes");
    }

    /**
     * The changes cannot be kept (no cookie can carry the new key any more), and the client must not take
     * the request for a success: the response is aborted, not ended cleanly, and the loss is logged.
     */
    @Test
    void sessionCreatedAfterTheResponseCommittedIsNotSavedAndTheResponseIsAborted() throws Exception {
        PrintStream originalErr = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        // slf4j-simple (this module's test binding) looks System.err up on every call
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> get("/flush-then-create"))
                    .isInstanceOf(java.io.IOException.class);
        } finally {
            System.setErr(originalErr);
        }
        assertThat(store.writes()).as("records written").isZero();
        assertThat(logged.toString(StandardCharsets.UTF_8))
                .contains("ERROR " + RequestSession.class.getName())
                .contains("Session changes to [" + CloakroomHttpSession.CREATED_KEY + ", late] made after the response committed were dropped");
    }

    @Test
    void flushBufferStillCarriesTheCookie() throws Exception {
        HttpResponse<String> response = get("/flush-buffer");
        assertThat(response.body()).isEqualTo("bytes");
        assertThat(setCookies(response)).containsExactly("sessionid=" + keyOf(response) + TWO_WEEKS);
    }

    @Test
    void responseLargerThanTheBufferStillCarriesTheCookie() throws Exception {
        HttpResponse<String> response = get("/large");
        assertThat(response.body()).hasSize(200_000);
        assertThat(setCookies(response)).containsExactly("sessionid=" + keyOf(response) + TWO_WEEKS);
    }

    @Test
    void sessionWrittenAfterABodySmallerThanTheBufferStillCarriesTheCookie() throws Exception {
        HttpResponse<String> response = get("/write-then-set");
        assertThat(response.body()).matches("x+");
        assertThat(setCookies(response)).containsExactly("sessionid=" + keyOf(response) + TWO_WEEKS);
        assertThat(stored(keyOf(response))).containsEntry("late", "yes");
    }

    @Test
    void exceptionAfterWritingLessThanTheBufferSavesNothingAndSendsNoCookie() throws Exception {
        HttpResponse<String> response = get("/set-write-then-throw");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(setCookies(response)).isEmpty();
        assertThat(store.writes()).as("records written").isZero();
    }

    @Test
    void reachingTheContentLengthStillCarriesTheCookie() throws Exception {
        HttpResponse<String> response = get("/content-length");
        assertThat(response.body()).isEqualTo("hello");
        assertThat(setCookies(response)).containsExactly("sessionid=" + keyOf(response) + TWO_WEEKS);
    }

    @Test
    void sendRedirectStillCarriesTheCookie() throws Exception {
        HttpResponse<String> response = get("/redirect");
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/peek"));
        assertThat(setCookies(response)).containsExactly("sessionid=" + keyOf(response) + TWO_WEEKS);
        assertThat(stored(keyOf(response))).containsEntry("redirected", "yes");
    }

    @Test
    void sendErrorBelow500StillCarriesTheCookie() throws Exception {
        HttpResponse<String> response = get("/send-error");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(setCookies(response)).containsExactly("sessionid=" + keyOf(response) + TWO_WEEKS);
        if (keepsVaryOnErrorsWithoutAnErrorPage()) {
            assertThat(vary(response)).isEqualTo("Cookie");
        }
    }

    @Test
    void status500SavesNothingAndSendsNoCookie() throws Exception {
        HttpResponse<String> response = get("/status-500");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(setCookies(response)).isEmpty();
        assertThat(vary(response)).isEqualTo("Cookie");
        assertThat(store.writes()).as("records written").isZero();
    }

    @Test
    void applicationExceptionSavesNothingAndSendsNoCookie() throws Exception {
        HttpResponse<String> response = get("/throw");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(setCookies(response)).isEmpty();
        assertThat(store.writes()).as("records written").isZero();
    }

    @Test
    void errorPageDispatchSeesTheSameSession() throws Exception {
        HttpResponse<String> response = get("/teapot");
        assertThat(response.statusCode()).isEqualTo(418);
        assertThat(response.body()).isEqualTo("error page sees teapot=yes");
        assertThat(setCookies(response)).containsExactly("sessionid=" + keyOf(response) + TWO_WEEKS);
        assertThat(vary(response)).isEqualTo("Cookie");
        assertThat(response.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID"));
    }

    @Test
    void sessionDeletedByAConcurrentRequestAnswers400() throws Exception {
        assertConcurrentDeleteAnswers400("/slow-write");
    }

    @Test
    void sessionDeletedByAConcurrentRequestAnswers400EvenWhenTheApplicationFlushes() throws Exception {
        assertConcurrentDeleteAnswers400("/slow-flush");
    }

    @Test
    void interruptionWrappedByAFrameworkStillAnswers400() throws Exception {
        assertConcurrentDeleteAnswers400("/slow-wrapped");
    }

    private void assertConcurrentDeleteAnswers400(String slowPath) throws Exception {
        String key = keyOf(get("/count"));
        CompletableFuture<HttpResponse<String>> slow = client.sendAsync(request(slowPath, "sessionid=" + key),
                HttpResponse.BodyHandlers.ofString());
        assertThat(servlet.slowWriteEntered.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(setCookies(get("/invalidate", "sessionid=" + key))).containsExactly(DELETION);
        servlet.slowWriteRelease.countDown();
        HttpResponse<String> interrupted = slow.get(20, TimeUnit.SECONDS);
        assertThat(interrupted.statusCode()).isEqualTo(400);
        assertThat(setCookies(interrupted)).isEmpty();
        assertThat(store.exists(key)).isFalse();
    }

    @Test
    void staticAccessorAndRequestAttributeGiveTheSameSession() throws Exception {
        HttpResponse<String> response = get("/direct");
        assertThat(response.body()).isEqualTo("true");
        assertThat(stored(keyOf(response))).containsEntry("direct", "yes");
    }

    @Test
    void asyncCompletionStillCarriesTheCookie() throws Exception {
        HttpResponse<String> response = get("/async");
        assertThat(response.body()).isEqualTo("async done");
        assertThat(setCookies(response)).containsExactly("sessionid=" + keyOf(response) + TWO_WEEKS);
        assertThat(stored(keyOf(response))).containsEntry("async", "yes");
    }

    @Test
    void asyncDispatchStillCarriesTheCookie() throws Exception {
        HttpResponse<String> response = get("/async-dispatch");
        assertThat(response.body()).isEqualTo("dispatched sees async=yes");
        assertThat(setCookies(response)).containsExactly("sessionid=" + keyOf(response) + TWO_WEEKS);
        assertThat(vary(response)).isEqualTo("Cookie");
        // one write, the cookie's session: the dispatch neither started a second session nor saved this one again
        assertThat(stored(keyOf(response))).containsEntry("async", "yes");
        assertThat(store.writes()).as("records written").isEqualTo(1);
    }

    @Test
    void changesAfterTheResponseCommittedInAnAsyncDispatchAreSaved() throws Exception {
        HttpResponse<String> response = get("/async-dispatch-flush-then-write");
        assertThat(response.body()).isEqualTo("flushed");
        assertThat(setCookies(response)).containsExactly("sessionid=" + keyOf(response) + TWO_WEEKS);
        assertThat(stored(keyOf(response))).containsEntry("async", "yes").containsEntry("late", "yes");
    }

    @Test
    void completingThroughGetAsyncContextStillCarriesTheCookie() throws Exception {
        HttpResponse<String> response = get("/async-get-context");
        assertThat(response.body()).isEqualTo("completed through getAsyncContext");
        assertThat(setCookies(response)).containsExactly("sessionid=" + keyOf(response) + TWO_WEEKS);
        assertThat(stored(keyOf(response))).containsEntry("async", "yes");
    }

    @Test
    void tamperedSignedCookieIsNoSessionAndNotAValidRequestedId() throws Exception {
        stop();
        SessionSettings settings = SessionSettings.builder().secretKey("container-test-key")
                .set("SESSION_ENGINE", "signed_cookies").build();
        port = start(new SessionMiddleware(SessionEngines.create(settings, Clock.fixed(NOW, ZoneOffset.UTC))), servlet);
        String signed = keyOf(get("/count"));
        assertThat(get("/requested", "sessionid=" + signed).body()).isEqualTo("session=true valid=true new=false");

        String tampered = signed.substring(0, signed.lastIndexOf(':') + 1) + "tampered".repeat(5) + "ab";
        assertThat(get("/requested", "sessionid=" + tampered).body()).isEqualTo("session=false valid=false");
        assertThat(get("/count", "sessionid=" + tampered).body()).isEqualTo("1");
    }

    @Test
    void sessionCookieWithNonAsciiBytesIsTreatedAsAnUnknownKeyAndDeleted() throws Exception {
        String response = rawGet("/peek", "sessionid=caf\u00e9-not-a-key-at-all-0123456789".getBytes(StandardCharsets.UTF_8));
        assertThat(response).startsWith("HTTP/1.1 200").contains("\r\n\r\nnone");
        assertThat(response).containsIgnoringCase("\r\nSet-Cookie: " + DELETION + "\r\n");
    }

    // ---- dispatches, the HttpSession bridge and cookie edge cases -------------------------------------

    @Test
    void forwardStillCarriesTheCookie() throws Exception {
        HttpResponse<String> response = get("/forward-count");
        assertThat(response.body()).isEqualTo("1");
        assertThat(setCookies(response)).containsExactly("sessionid=" + keyOf(response) + TWO_WEEKS);
        assertThat(stored(keyOf(response))).containsEntry("count", 1L);
    }

    @Test
    void includeStillCarriesTheCookie() throws Exception {
        HttpResponse<String> response = get("/include-count");
        assertThat(response.body()).isEqualTo("included 1");
        assertThat(setCookies(response)).containsExactly("sessionid=" + keyOf(response) + TWO_WEEKS);
    }

    @Test
    void getSessionAfterInvalidateStartsAFreshSessionUnderANewKey() throws Exception {
        String oldKey = keyOf(get("/count"));
        HttpResponse<String> response = get("/invalidate-then-create", "sessionid=" + oldKey);
        assertThat(response.body()).isEqualTo("new=true same=true");
        String newKey = keyOf(response);
        assertThat(newKey).isNotEqualTo(oldKey);
        assertThat(store.exists(oldKey)).isFalse();
        assertThat(stored(newKey)).containsEntry("fresh", "yes").doesNotContainKey("count");
    }

    @Test
    void contentLengthSetAfterTheBodyStillCarriesTheCookie() throws Exception {
        HttpResponse<String> response = get("/write-then-length");
        assertThat(response.body()).isEqualTo("hello");
        assertThat(setCookies(response)).containsExactly("sessionid=" + keyOf(response) + TWO_WEEKS);
    }

    @Test
    void headRequestStillCarriesTheCookie() throws Exception {
        HttpResponse<String> response = head("/large");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(setCookies(response)).containsExactly("sessionid=" + keyOf(response) + TWO_WEEKS);
        HttpResponse<String> small = head("/count");
        assertThat(setCookies(small)).containsExactly("sessionid=" + keyOf(small) + TWO_WEEKS);
    }

    @Test
    void shortCookieOnAnUntouchedRequestIsDeletedWithVary() throws Exception {
        HttpResponse<String> response = get("/untouched", "sessionid=bogus");
        assertThat(response.body()).isEqualTo("untouched");
        assertThat(setCookies(response)).containsExactly(DELETION);
        assertThat(vary(response)).isEqualTo("Cookie");
    }

    @Test
    void unknownLongCookieOnAnUntouchedRequestIsLeftAlone() throws Exception {
        HttpResponse<String> response = get("/untouched", "sessionid=abcdefghijklmnopqrstuvwxyz012345");
        assertThat(setCookies(response)).isEmpty();
        assertThat(vary(response)).isEmpty();
    }

    @Test
    void quotedCookieValueIsUnquotedAsDjangoDoes() throws Exception {
        String key = keyOf(get("/count"));
        assertThat(get("/peek", "sessionid=\"" + key + "\"").body()).isEqualTo("count=1");
    }

    @Test
    void sessionReachedOnlyThroughGetSessionVariesWithoutACookie() throws Exception {
        String key = keyOf(get("/count"));
        HttpResponse<String> response = get("/touch-only", "sessionid=" + key);
        assertThat(response.body()).isEqualTo("true");
        assertThat(setCookies(response)).isEmpty();
        assertThat(vary(response)).isEqualTo("Cookie");
    }

    @Test
    void getSessionFalseAfterAFlushThroughTheCoreApiIsNull() throws Exception {
        String key = keyOf(get("/count"));
        HttpResponse<String> response = get("/flush-direct-then-peek", "sessionid=" + key);
        assertThat(response.body()).isEqualTo("gone");
        assertThat(setCookies(response)).containsExactly(DELETION);
    }

    /**
     * Removing the last attribute empties the session but does not invalidate the HttpSession held, also for
     * a session another part of the application (or Django) created, which has no bridge bookkeeping keys.
     */
    @Test
    void removingTheLastAttributeKeepsTheHttpSessionValid() throws Exception {
        String bridged = keyOf(get("/count"));
        assertThat(get("/remove-last-then-peek?name=count", "sessionid=" + bridged).body()).isEqualTo("same left=[]");
        String direct = keyOf(get("/direct"));
        assertThat(get("/remove-last-then-peek?name=direct", "sessionid=" + direct).body()).isEqualTo("same left=[]");
    }

    @Test
    void negativeMaxInactiveIntervalIsABrowserSessionCookie() throws Exception {
        HttpResponse<String> response = get("/max-inactive?seconds=-1");
        assertThat(setCookies(response))
                .containsExactly("sessionid=" + keyOf(response) + "; HttpOnly; Path=/; SameSite=Lax");
        assertThat(get("/max-inactive-read?seconds=300").body()).isEqualTo("300");
    }

    @Test
    void resetBeforeCommitKeepsTheSessionCookie() throws Exception {
        HttpResponse<String> response = get("/reset-after-set");
        assertThat(response.body()).isEqualTo("after");
        assertThat(response.headers().firstValue("X-Gone")).isEmpty();
        assertThat(setCookies(response)).containsExactly("sessionid=" + keyOf(response) + TWO_WEEKS);
    }

    @Test
    void sendError503SavesNothingAndSendsNoCookie() throws Exception {
        HttpResponse<String> response = get("/send-error-503");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(setCookies(response)).isEmpty();
        assertThat(store.writes()).as("records written").isZero();
    }

    /** A GET over a plain socket, for a Cookie header no HTTP client would send. */
    private String rawGet(String path, byte[] cookieHeaderValue) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nCookie: ")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(cookieHeaderValue);
            out.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
