package dev.cloakroom.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A filter the container instantiates, configured only by init-params and a settings file. */
class InitParamConfigurationTest {
    @TempDir
    Path dir;
    private Server server;

    private int start(Map<String, String> initParams) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        FilterHolder filter = new FilterHolder(SessionMiddleware.class);
        filter.setInitParameters(initParams);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new DemoServlet()), "/*");
        server.setHandler(context);
        server.start();
        return connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    private static HttpResponse<String> get(int port, String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void initParamsChooseTheEngineAndCookie() throws Exception {
        int port = start(Map.of("SECRET_KEY", "init-param-key", "SESSION_ENGINE", "file",
                "SESSION_FILE_PATH", dir.toString(), "SESSION_COOKIE_NAME", "sid", "SESSION_COOKIE_AGE", "600"));
        HttpResponse<String> first = get(port, "/count", null);
        String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("sid=").contains("; Max-Age=600; ");
        String key = cookie.substring("sid=".length(), cookie.indexOf(';'));
        assertThat(dir.resolve("sid" + key)).exists();
        assertThat(get(port, "/count", "sid=" + key).body()).isEqualTo("2");
    }

    @Test
    void settingsFileInitParamIsReadAndOtherInitParamsWin() throws Exception {
        Path file = dir.resolve("cloakroom.properties");
        Files.writeString(file, "SECRET_KEY=from-file\nSESSION_ENGINE=signed_cookies\nSESSION_COOKIE_AGE=100\n");
        int port = start(Map.of("settings", file.toString(), "SESSION_COOKIE_AGE", "200"));
        String cookie = get(port, "/count", null).headers().firstValue("Set-Cookie").orElseThrow();
        // a signed-cookie value (data:timestamp:signature), aged by the init-param, not the file
        assertThat(cookie).matches("sessionid=[^;:]+:[^;:]+:[^;:]+; .*; Max-Age=200; .*");
    }

    @Test
    void partitionedInitParamPutsPartitionedOnTheCookieAndItsDeletion() throws Exception {
        int port = start(Map.of("SECRET_KEY", "init-param-key", "SESSION_ENGINE", "signed_cookies",
                "SESSION_COOKIE_SECURE", "True", "SESSION_COOKIE_SAMESITE", "None",
                "SESSION_COOKIE_PARTITIONED", "True"));
        String cookie = get(port, "/count", null).headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).endsWith("; Max-Age=1209600; Partitioned; Path=/; SameSite=None; Secure");
        // the deletion must be partitioned too, or it would not reach the partitioned cookie
        String deletion = get(port, "/invalidate", cookie.split(";", 2)[0]).headers().firstValue("Set-Cookie")
                .orElseThrow();
        assertThat(deletion).isEqualTo("sessionid=\"\"; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; "
                + "Partitioned; Path=/; SameSite=None; Secure");
    }

    @Test
    void partitionedWithoutSecureFailsTheFilterNamingTheSetting() {
        assertThatThrownBy(() -> start(Map.of("SECRET_KEY", "init-param-key", "SESSION_COOKIE_PARTITIONED", "True")))
                .hasStackTraceContaining("SESSION_COOKIE_PARTITIONED");
    }

    @Test
    void badInitParamFailsTheFilterNamingTheSetting() {
        FilterConfig config = new FilterConfig() {
            private final Map<String, String> params = Map.of("SECRET_KEY", "init-param-key",
                    "SESSION_COOKIE_AGE", "-5");

            @Override
            public String getFilterName() {
                return "cloakroom";
            }

            @Override
            public ServletContext getServletContext() {
                return null;
            }

            @Override
            public String getInitParameter(String name) {
                return params.get(name);
            }

            @Override
            public Enumeration<String> getInitParameterNames() {
                return Collections.enumeration(params.keySet());
            }
        };
        assertThatThrownBy(() -> new SessionMiddleware().init(config)).isInstanceOf(ServletException.class)
                .hasMessageContaining("filter cloakroom").hasMessageContaining("SESSION_COOKIE_AGE");
    }
}
