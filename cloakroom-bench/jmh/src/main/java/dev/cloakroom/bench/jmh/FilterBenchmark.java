package dev.cloakroom.bench.jmh;

import dev.cloakroom.servlet.SessionMiddleware;
import dev.cloakroom.session.Session;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;

/**
 * {@link SessionMiddleware} (on the local cache, so no network store is in the path) around a servlet that
 * answers an empty 204, through Jetty's in-process {@link LocalConnector}: real HTTP parsing, real request and
 * response objects, no socket. The baseline is the same Jetty and servlet without the filter; the gap is the
 * filter's own cost. {@code touch} says whether the servlet reads the session (loading it) or leaves it alone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class FilterBenchmark {
    /** {@code none}: a new visitor with no cookie; {@code returning}: the cookie of an existing session. */
    @Param({"none", "returning"})
    public String cookie;

    @Param({"false", "true"})
    public boolean touch;

    private SessionEngine engine;
    private Server withFilter;
    private Server withoutFilter;
    private LocalConnector filtered;
    private LocalConnector bare;
    private String request;

    /** An empty answer; with {@code touch}, after reading one session key. */
    static final class EmptyServlet extends HttpServlet {
        private final boolean touch;

        EmptyServlet(boolean touch) {
            this.touch = touch;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (touch && request.getSession(false) != null) {
                request.getSession(false).getAttribute("count");
            }
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        }
    }

    @Setup
    public void setUp() throws Exception {
        engine = SessionEngines.create(SessionSettings.builder().secretKey(CodecBenchmark.SECRET).engine("cache")
                .set("CACHE_DEFAULT_URL", "local:").build());
        Session session = engine.open(null);
        session.put("count", 1);
        session.save();
        request = "GET / HTTP/1.1\r\nHost: localhost\r\n"
                + (cookie.equals("returning") ? "Cookie: sessionid=" + session.getSessionKey() + "\r\n" : "")
                + "\r\n";
        withFilter = new Server();
        filtered = new LocalConnector(withFilter);
        withFilter.addConnector(filtered);
        withFilter.setHandler(context(new SessionMiddleware(engine)));
        withFilter.start();
        withoutFilter = new Server();
        bare = new LocalConnector(withoutFilter);
        withoutFilter.addConnector(bare);
        withoutFilter.setHandler(context(null));
        withoutFilter.start();
        for (LocalConnector connector : new LocalConnector[] {filtered, bare}) {
            String response = connector.getResponse(request);
            if (response == null || !response.startsWith("HTTP/1.1 204")) {
                throw new IllegalStateException("unexpected answer: " + response);
            }
        }
    }

    private ServletContextHandler context(SessionMiddleware filter) {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        if (filter != null) {
            context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        context.addServlet(new ServletHolder(new EmptyServlet(touch)), "/");
        return context;
    }

    @TearDown
    public void tearDown() throws Exception {
        withFilter.stop();
        withoutFilter.stop();
        engine.close();
    }

    @Benchmark
    public String filter() throws Exception {
        return filtered.getResponse(request);
    }

    @Benchmark
    public String baseline() throws Exception {
        return bare.getResponse(request);
    }
}
