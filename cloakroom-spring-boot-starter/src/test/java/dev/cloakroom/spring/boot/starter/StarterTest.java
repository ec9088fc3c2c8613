package dev.cloakroom.spring.boot.starter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's promise: a web application with this one dependency (and Boot's web starter) keeps its
 * sessions in Cloakroom's default db engine, an SQLite file, with Django's cookie, and needs only SECRET_KEY.
 */
class StarterTest {
    @TempDir
    Path directory;

    @Test
    void theOneDependencyReplacesTheContainersSessionsWithCloakrooms() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(StarterApplication.class)
                .properties("server.port=0", "spring.main.banner-mode=off", "logging.level.root=WARN",
                        "cloakroom.secret-key=starter-test-secret-key",
                        "cloakroom.database-url=jdbc:sqlite:" + directory.resolve("sessions.sqlite3"))
                .run()) {
            URI count = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port")
                    + "/count");

            HttpResponse<String> first = client.send(HttpRequest.newBuilder(count).build(),
                    HttpResponse.BodyHandlers.ofString());
            String setCookie = first.headers().firstValue("Set-Cookie").orElseThrow();
            String cookie = setCookie.split(";", 2)[0];
            HttpResponse<String> second = client.send(HttpRequest.newBuilder(count).header("Cookie", cookie).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(first.body()).isEqualTo("1 dev.cloakroom.servlet.CloakroomHttpSession");
            assertThat(cookie).matches("sessionid=[a-z0-9]{32}");
            assertThat(first.headers().allValues("Set-Cookie")).hasSize(1);
            assertThat(second.body()).isEqualTo("2 dev.cloakroom.servlet.CloakroomHttpSession");
        }
    }
}
