package dev.cloakroom.spring.boot.autoconfigure;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import dev.cloakroom.spring.boot.autoconfigure.support.BootApp;
import dev.cloakroom.spring.boot.autoconfigure.testapp.CounterApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The cloakroom component of /actuator/health. */
class HealthIndicatorTest {
    static final String DETAILS = "management.endpoint.health.show-details=always";

    @TempDir
    Path directory;

    @Test
    void upWhenTheStoreAnswers() throws Exception {
        try (BootApp app = BootApp.start(CounterApplication.class, DETAILS,
                "cloakroom.database-url=jdbc:sqlite:" + directory.resolve("sessions.sqlite3"))) {
            HttpResponse<String> response = app.get("/actuator/health");
            JsonNode cloakroom = new ObjectMapper().readTree(response.body()).path("components").path("cloakroom");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(cloakroom.path("status").asString()).isEqualTo("UP");
            assertThat(cloakroom.path("details").path("engine").asString()).isEqualTo("db");
        }
    }

    /** Nothing listens on port 1: the Redis of the cache engine is down, and the health says so and why. */
    @Test
    void downWithTheReasonWhenTheStoreDoesNotAnswer() throws Exception {
        try (BootApp app = BootApp.start(CounterApplication.class, DETAILS, "cloakroom.session-engine=cache",
                "cloakroom.cache-default-url=redis://127.0.0.1:1/0?timeout=500ms")) {
            HttpResponse<String> response = app.get("/actuator/health");
            JsonNode cloakroom = new ObjectMapper().readTree(response.body()).path("components").path("cloakroom");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(cloakroom.path("status").asString()).isEqualTo("DOWN");
            assertThat(cloakroom.path("details").path("engine").asString()).isEqualTo("cache");
            assertThat(cloakroom.path("details").path("error").asString()).isNotBlank();
        }
    }
}
