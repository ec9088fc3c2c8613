package dev.cloakroom.sample;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser's cookie handling, explicitly: it sends the cookies it holds, stores those a response sets, drops
 * those a response deletes (Max-Age=0), and never follows a redirect, so that the tests see every step.
 */
final class Client {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Pattern CSRF = Pattern.compile("<input[^>]*name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private final Supplier<SampleApp> app;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    /** A client of whichever application {@code app} names when it sends, so that it outlives a restart. */
    Client(Supplier<SampleApp> app) {
        this.app = app;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /** POSTs {@code fields} (name, value, name, value, ...) as a form. */
    HttpResponse<String> post(String path, String... fields) throws IOException, InterruptedException {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < fields.length; i += 2) {
            pairs.add(URLEncoder.encode(fields[i], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("&", pairs))));
    }

    /** Follows the response's redirect with a GET. */
    HttpResponse<String> follow(HttpResponse<String> redirect) throws IOException, InterruptedException {
        URI location = redirect.uri().resolve(redirect.headers().firstValue("Location").orElseThrow());
        return get(location.getRawPath() + (location.getRawQuery() == null ? "" : "?" + location.getRawQuery()));
    }

    /** Signs in through Spring Security's login page, with the CSRF token that page carries. */
    HttpResponse<String> logIn(String username, String password) throws IOException, InterruptedException {
        String token = csrfToken(get("/login"));
        return post("/login", "username", username, "password", password, "_csrf", token);
    }

    String cookie(String name) {
        return cookies.get(name);
    }

    void setCookie(String name, String value) {
        cookies.put(name, value);
    }

    private URI uri(String path) {
        return app.get().uri(path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        request.timeout(Duration.ofSeconds(15));
        if (!cookies.isEmpty()) {
            List<String> pairs = new ArrayList<>();
            cookies.forEach((name, value) -> pairs.add(name + "=" + value));
            request.header("Cookie", String.join("; ", pairs));
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (String header : response.headers().allValues("Set-Cookie")) {
            String[] parts = header.split(";");
            int equals = parts[0].indexOf('=');
            String name = parts[0].substring(0, equals).trim();
            boolean deleted = false;
            for (int i = 1; i < parts.length; i++) {
                if (parts[i].trim().toLowerCase(Locale.ROOT).equals("max-age=0")) {
                    deleted = true;
                }
            }
            if (deleted) {
                cookies.remove(name);
            } else {
                cookies.put(name, parts[0].substring(equals + 1).trim());
            }
        }
        return response;
    }

    /** The CSRF token a page's form carries (Spring Security's login page and the sample's own forms). */
    static String csrfToken(HttpResponse<String> page) {
        Matcher matcher = CSRF.matcher(page.body());
        if (!matcher.find()) {
            throw new AssertionError("no CSRF field in the page " + page.uri() + " (" + page.statusCode() + "):\n"
                    + page.body());
        }
        return matcher.group(1);
    }
}
