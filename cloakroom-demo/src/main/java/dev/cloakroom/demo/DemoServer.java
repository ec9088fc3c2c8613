package dev.cloakroom.demo;

import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.jdbc.schema.MigrationResult;
import dev.cloakroom.jdbc.schema.SchemaMigrator;
import dev.cloakroom.servlet.SessionMiddleware;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.settings.SettingsLoader;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;

/**
 * The demo web application on embedded Jetty: {@link SessionMiddleware} in front of {@link DemoPages} and
 * {@link SessionApi}, on whatever engine the settings name (Django's default, db on SQLite, unless told
 * otherwise). On start it creates the django_session table if the engine needs one and is missing it, and
 * prints its address.
 */
public final class DemoServer implements AutoCloseable {
    private final Server server;
    private final SessionEngine engine;
    private final URI address;

    private DemoServer(Server server, SessionEngine engine, URI address) {
        this.server = server;
        this.engine = engine;
        this.address = address;
    }

    /**
     * Starts the demo.
     *
     * @param settings         the settings as loaded (not yet built: a missing SECRET_KEY is supplied here)
     * @param workingDirectory where relative database paths and the demo's key file resolve
     * @param host             the address to listen on ({@code 127.0.0.1} for this machine only)
     * @param port             the port; 0 picks a free one
     * @param out              where the address and start-up notes are printed
     */
    public static DemoServer start(SessionSettings.Builder settings, Path workingDirectory, String host, int port,
            PrintWriter out, Clock clock) throws Exception {
        SessionSettings built = DemoSecret.settingsWithSecret(settings, workingDirectory, out);
        migrateIfNeeded(built, out);
        SessionEngine engine = SessionEngines.create(built, clock);
        Server server = jetty(engine, host, port);
        // Ctrl-C stops Jetty gracefully; join() then returns and the caller closes the engine
        server.setStopAtShutdown(true);
        try {
            server.start();
            URI address = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                    + localPort(server) + "/");
            out.println("Cloakroom demo running at " + address + " (SESSION_ENGINE=" + built.engine()
                    + "); press Ctrl-C to stop");
            out.flush();
            return new DemoServer(server, engine, address);
        } catch (Exception | Error e) {
            server.stop();
            engine.close();
            throw e;
        }
    }

    /** {@code java -cp ... dev.cloakroom.demo.DemoServer [port]}: the demo on this process's settings. */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8000;
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        try (DemoServer server = start(SettingsLoader.fromSystem().builder(Optional.empty()), Path.of(""),
                "127.0.0.1", port, out, Clock.systemUTC())) {
            server.join();
        }
    }

    /**
     * The demo's Jetty server over {@code engine}, not started: no version banner, error pages that show only
     * the status, the application on every path.
     */
    static Server jetty(SessionEngine engine, String host, int port) {
        Server server = new Server();
        // no Server: Jetty(version) banner on every response
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setErrorHandler(new QuietErrors.ServerHandler());
        server.setHandler(application(engine));
        return server;
    }

    /** The port a started {@link #jetty} server listens on. */
    static int localPort(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    static ServletContextHandler application(SessionEngine engine) {
        ServletContextHandler context = new ServletContextHandler("/");
        // mapped as the README advises, so the demo is a template that still works once forwards or async appear
        context.addFilter(new FilterHolder(new SessionMiddleware(engine)), "/*",
                EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.ASYNC, DispatcherType.ERROR));
        ServletHolder api = new ServletHolder(new SessionApi());
        context.addServlet(api, "/api/session");
        context.addServlet(api, "/count");
        context.addServlet(api, "/read");
        context.addServlet(new ServletHolder(new DemoPages()), "/");
        context.setErrorHandler(new QuietErrors.ContextHandler());
        return context;
    }

    /** Creates the session table on first start, as Django's {@code migrate} would, for the db engines. */
    private static void migrateIfNeeded(SessionSettings settings, PrintWriter out) {
        if (!settings.engine().equals("db") && !settings.engine().equals("cached_db")) {
            return;
        }
        MigrationResult result = SchemaMigrator.migrateConfigured(settings);
        if (!result.nothingToDo()) {
            out.println("cloakroom demo: " + result.description());
        }
    }

    public URI address() {
        return address;
    }

    public int port() {
        return address.getPort();
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } finally {
            engine.close();
        }
    }
}
