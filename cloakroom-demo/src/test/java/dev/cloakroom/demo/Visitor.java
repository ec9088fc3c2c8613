package dev.cloakroom.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** One visitor over real HTTP, keeping the session cookie as a browser would (and nothing else). */
final class Visitor {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    String sessionCookie;
    HttpResponse<String> last;

    Visitor(URI base) {
        this.base = base;
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(builder(path).GET());
    }

    HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return send(builder(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> form(String path, String body) throws Exception {
        return post(path, "application/x-www-form-urlencoded", body);
    }

    HttpResponse<String> delete(String path) throws Exception {
        return send(builder(path).DELETE());
    }

    List<String> setCookies() {
        return last.headers().allValues("Set-Cookie");
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
        if (sessionCookie != null) {
            builder.header("Cookie", "sessionid=" + sessionCookie);
        }
        return builder;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        last = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (String cookie : setCookies()) {
            if (cookie.startsWith("sessionid=")) {
                String value = cookie.substring("sessionid=".length(), cookie.indexOf(';'));
                sessionCookie = value.equals("\"\"") ? null : value;
            }
        }
        return last;
    }
}
