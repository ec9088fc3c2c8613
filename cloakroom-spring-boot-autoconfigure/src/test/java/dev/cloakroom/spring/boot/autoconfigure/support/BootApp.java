package dev.cloakroom.spring.boot.autoconfigure.support;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Boot application started on its embedded server at a random port, and a client that keeps its cookies
 * like a browser (name=value only; attributes are for the tests to read from the responses).
 */
public final class BootApp implements AutoCloseable {
    private final ConfigurableApplicationContext context;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> cookies = new LinkedHashMap<>();

    private BootApp(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /**
     * Boot's DataSource auto-configuration, on the test class path for the tests of an application DataSource:
     * without spring.datasource.url (and with no embedded database) it fails, so the other tests leave it out.
     * A test with a DataSource sets {@code spring.autoconfigure.exclude=} to bring it back.
     */
    static final String DATA_SOURCE_AUTO_CONFIGURATION =
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration";

    /** The SECRET_KEY of every test application but those about a missing one. */
    static final String SECRET_KEY = "cloakroom.secret-key=spring-boot-test-secret-key";

    /** Quiet defaults for every test application; {@code properties} ("name=value") come after and win. */
    static List<String> defaults(String... properties) {
        List<String> all = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off",
                "logging.level.root=WARN", "spring.autoconfigure.exclude=" + DATA_SOURCE_AUTO_CONFIGURATION));
        all.addAll(List.of(properties));
        return all;
    }

    public static BootApp start(Class<?> source, String... properties) {
        return start(new SpringApplicationBuilder(source), properties);
    }

    public static BootApp start(SpringApplicationBuilder builder, String... properties) {
        List<String> all = defaults(SECRET_KEY);
        all.addAll(List.of(properties));
        return new BootApp(builder.properties(all.toArray(String[]::new)).run());
    }

    /** Starts without {@code cloakroom.secret-key}, for the tests of what happens then. */
    public static BootApp startWithoutSecretKey(SpringApplicationBuilder builder, String... properties) {
        return new BootApp(builder.properties(defaults(properties).toArray(String[]::new)).run());
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public int port() {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    /** GET {@code path}, sending the cookies received so far and keeping the ones this response sets. */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(10));
        if (!cookies.isEmpty()) {
            List<String> pairs = new ArrayList<>();
            cookies.forEach((name, value) -> pairs.add(name + "=" + value));
            request.header("Cookie", String.join("; ", pairs));
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (String setCookie : response.headers().allValues("Set-Cookie")) {
            String pair = setCookie.split(";", 2)[0];
            int equals = pair.indexOf('=');
            cookies.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
        }
        return response;
    }

    /** The value of the cookie {@code name} the client holds, or null. */
    public String cookie(String name) {
        return cookies.get(name);
    }

    @Override
    public void close() {
        context.close();
    }
}
