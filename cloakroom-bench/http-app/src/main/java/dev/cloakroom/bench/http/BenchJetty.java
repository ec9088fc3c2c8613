package dev.cloakroom.bench.http;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.util.EnumSet;

/**
 * The one embedded Jetty 12 every variant runs on: the same connector, thread pool and {@link CounterServlet};
 * a variant only chooses what sits in front of the servlet (nothing, Jetty's sessions, or a session filter).
 */
public final class BenchJetty {
    private BenchJetty() {
    }

    /** What a variant puts around the servlet. */
    public enum Sessions {
        /** No session handling at all, and the servlet does not ask for one: the ceiling. */
        NONE,
        /** Jetty's own in-memory {@code HttpSession}. */
        CONTAINER,
        /** A filter (Cloakroom's or Spring Session's) that backs {@code HttpSession} itself. */
        FILTER
    }

    /**
     * Starts Jetty on {@code 127.0.0.1:port} and prints {@code READY <variant> <port> <pid>} once it listens, the
     * line the load script waits for.
     *
     * @param filter the session filter, only with {@link Sessions#FILTER}
     */
    public static Server start(String variant, int port, Sessions sessions, Filter filter) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(64, 8);
        threads.setName("bench-" + variant);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        int options = sessions == Sessions.CONTAINER ? ServletContextHandler.SESSIONS : ServletContextHandler.NO_SESSIONS;
        ServletContextHandler context = new ServletContextHandler(options);
        context.setContextPath("/");
        if (sessions == Sessions.FILTER) {
            context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        ServletHolder servlet = new ServletHolder(new CounterServlet(sessions == Sessions.NONE));
        for (String path : new String[] {"/count", "/read", "/empty", "/"}) {
            context.addServlet(servlet, path);
        }
        server.setHandler(context);
        server.setStopAtShutdown(true);
        server.start();
        System.out.println("READY " + variant + " " + connector.getLocalPort() + " " + ProcessHandle.current().pid());
        System.out.flush();
        return server;
    }
}
