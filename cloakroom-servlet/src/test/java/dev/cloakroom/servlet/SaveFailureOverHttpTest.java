package dev.cloakroom.servlet;

import dev.cloakroom.SessionTooLargeException;
import dev.cloakroom.servlet.CloakroomSessions;
import dev.cloakroom.session.Session;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.spi.EngineParts;
import dev.cloakroom.store.ReplaceOutcome;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionStore;
import dev.cloakroom.store.SessionStoreException;
import dev.cloakroom.testkit.MemorySessionStore;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A session that cannot be stored never gets a success answer, over real HTTP on embedded Jetty 12: with a
 * body above Jetty's 32 KB buffer (the save then runs inside the application's write) and below it (the save
 * runs after the application), for a store that fails and for a signed cookie too large for a browser.
 */
class SaveFailureOverHttpTest {
    /** What the failing store says; it must never reach the client. */
    static final String INTERNAL = "[SQLITE_FULL] database or disk is full (/var/lib/secret/sessions.sqlite3)";
    static final int ABOVE_BUFFER = 100_000;
    static final int BELOW_BUFFER = 2_000;

    private final Clock clock = Clock.systemUTC();
    private final MemorySessionStore records = new MemorySessionStore(clock);
    private final FailingStore store = new FailingStore(records);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Server server;
    private SessionEngine engine;
    private int port;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (engine != null) {
            engine.close();
        }
    }

    private void start(SessionEngine sessions) throws Exception {
        engine = sessions;
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addFilter(new FilterHolder(new SessionMiddleware(engine)), "/*",
                EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR));
        context.addServlet(new ServletHolder(new WritingServlet()), "/*");
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
    }

    private void startOnFailingStore() throws Exception {
        start(SessionEngines.builder(SessionSettings.builder().secretKey("save-failure-key").build()).clock(clock)
                .engine("memory", EngineParts.store(store)).build());
    }

    private void startOnSignedCookies() throws Exception {
        start(SessionEngines.create(SessionSettings.builder().secretKey("save-failure-key")
                .engine("signed_cookies").build(), clock));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertNoSuccess(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(response.body()).doesNotContain("BODY").doesNotContain("SQLITE").doesNotContain("/var/lib")
                .doesNotContain("SessionStoreException").doesNotContain("SessionTooLarge")
                .doesNotContain("bytes; browsers");
    }

    @ParameterizedTest(name = "body of {0} bytes")
    @ValueSource(ints = {ABOVE_BUFFER, BELOW_BUFFER})
    void aStoreThatFailsToSaveGetsA500WithoutItsTextAndNoBody(int size) throws Exception {
        startOnFailingStore();
        store.failing = true;

        HttpResponse<String> response = get("/write?size=" + size);

        assertNoSuccess(response, 500);
        assertThat(records.size()).isZero();
    }

    /** The way Jackson's writeValue fails: it closes the writer on the exception, which would commit a 200. */
    @ParameterizedTest(name = "body of {0} bytes")
    @ValueSource(ints = {ABOVE_BUFFER, BELOW_BUFFER})
    void aWriterClosedOnTheFailureStillCommitsNothing(int size) throws Exception {
        startOnFailingStore();
        store.failing = true;

        HttpResponse<String> response = get("/write?size=" + size + "&closeOnFailure=1");

        assertNoSuccess(response, 500);
    }

    @Test
    void anApplicationThatSwallowsTheFailureAndGoesOnWritingStillGetsNoSuccess() throws Exception {
        startOnFailingStore();
        store.failing = true;

        HttpResponse<String> response = get("/write?size=" + ABOVE_BUFFER + "&swallow=1");

        assertNoSuccess(response, 500);
    }

    @ParameterizedTest(name = "body of {0} bytes")
    @ValueSource(ints = {ABOVE_BUFFER, BELOW_BUFFER})
    void aSignedCookieTooLargeForABrowserIsA413WithoutACookie(int size) throws Exception {
        startOnSignedCookies();

        HttpResponse<String> response = get("/write?size=" + size + "&value=5000");

        assertNoSuccess(response, 413);
    }

    @Test
    void theApplicationCanCatchTheTooLargeSessionBeforeItWritesAndAnswerItself() throws Exception {
        startOnSignedCookies();

        HttpResponse<String> response = get("/write?size=10&value=5000&saveFirst=1");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).isEqualTo("too much in your basket");
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void theSameRequestsSucceedWhenTheStoreWorks() throws Exception {
        startOnFailingStore();

        HttpResponse<String> response = get("/write?size=" + ABOVE_BUFFER + "&closeOnFailure=1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).hasSize(ABOVE_BUFFER);
        assertThat(response.headers().allValues("Set-Cookie")).hasSize(1);
        assertThat(records.size()).isEqualTo(1);
    }

    /**
     * A change after the application flushed is saved after the response committed; if that save fails the
     * client must not see a clean end: the container aborts the chunked body.
     */
    @Test
    void aFailedSaveAfterTheResponseCommittedAbortsTheResponse() throws Exception {
        startOnFailingStore();
        HttpResponse<String> first = get("/write?size=10");
        String cookie = first.headers().allValues("Set-Cookie").get(0).split(";", 2)[0];
        String key = cookie.substring(cookie.indexOf('=') + 1);
        String stored = records.rawData(key).orElseThrow();
        store.failing = true;

        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/flush-then-change"))
                .header("Cookie", cookie).timeout(Duration.ofSeconds(20)).build();
        assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
        assertThat(records.rawData(key)).contains(stored);
    }

    /** Jetty's error page would print the exception's message; the filter answers the 500 itself. */
    @Test
    void aStoreThatFailsToLoadIsABare500() throws Exception {
        startOnFailingStore();
        HttpResponse<String> first = get("/write?size=10");
        String cookie = first.headers().allValues("Set-Cookie").get(0).split(";", 2)[0];
        store.failingLoads = true;

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/write?size=10")).header("Cookie", cookie).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertNoSuccess(response, 500);
    }

    /** Writes a body of {@code size} bytes after putting a value in the session, in 1 KB pieces. */
    static final class WritingServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Session session = CloakroomSessions.current(request);
            if (request.getPathInfo().equals("/flush-then-change")) {
                response.setContentType("text/plain");
                response.getWriter().print("BODY part one");
                response.flushBuffer();
                session.put("late", "change");
                response.getWriter().print("BODY part two");
                return;
            }
            int valueSize = request.getParameter("value") == null ? 10 : Integer.parseInt(request.getParameter("value"));
            // random-looking text: signed cookies compress what they store
            StringBuilder value = new StringBuilder();
            java.util.Random random = new java.util.Random(7);
            while (value.length() < valueSize) {
                value.append(Long.toString(random.nextLong() & Long.MAX_VALUE, 36));
            }
            session.put("basket", value.toString());
            if (request.getParameter("saveFirst") != null) {
                try {
                    session.save();
                } catch (SessionTooLargeException e) {
                    session.remove("basket");
                    response.setStatus(422);
                    response.getWriter().print("too much in your basket");
                    return;
                }
            }
            response.setContentType("text/plain");
            PrintWriter writer = response.getWriter();
            int size = Integer.parseInt(request.getParameter("size"));
            String piece = "BODY" + "x".repeat(1020);
            try {
                for (int written = 0; written < size; written += piece.length()) {
                    try {
                        writer.print(piece.substring(0, Math.min(piece.length(), size - written)));
                    } catch (RuntimeException e) {
                        if (request.getParameter("swallow") == null) {
                            throw e;
                        }
                    }
                }
                writer.flush();
            } catch (RuntimeException e) {
                if (request.getParameter("closeOnFailure") != null) {
                    writer.close();
                }
                throw e;
            }
        }
    }

    /** A store whose writes fail, with a message full of internals, while {@link #failing} is set. */
    static final class FailingStore implements SessionStore {
        private final SessionStore delegate;
        volatile boolean failing;
        volatile boolean failingLoads;

        FailingStore(SessionStore delegate) {
            this.delegate = delegate;
        }

        private void maybeFail() {
            if (failing) {
                throw new SessionStoreException(INTERNAL);
            }
        }

        @Override
        public Optional<SessionRecord> load(String key) {
            if (failingLoads) {
                throw new SessionStoreException(INTERNAL);
            }
            return delegate.load(key);
        }

        @Override
        public boolean exists(String key) {
            return delegate.exists(key);
        }

        @Override
        public boolean create(String key, SessionRecord record) {
            maybeFail();
            return delegate.create(key, record);
        }

        @Override
        public ReplaceOutcome replace(String key, SessionRecord expected, SessionRecord replacement) {
            maybeFail();
            return delegate.replace(key, expected, replacement);
        }

        @Override
        public void delete(String key) {
            delegate.delete(key);
        }

        @Override
        public OptionalLong clearExpired(Predicate<SessionRecord> expired) {
            return delegate.clearExpired(expired);
        }
    }
}
