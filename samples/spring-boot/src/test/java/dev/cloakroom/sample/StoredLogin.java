package dev.cloakroom.sample;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a signed-in session looks like in the store: Django-readable JSON, Spring Security's context as an
 * object with its class name beside the data, no password and nothing Java-serialized.
 */
final class StoredLogin {
    private StoredLogin() {
    }

    static void check(JsonNode data) {
        assertThat(data.isObject()).as(data.toString()).isTrue();
        JsonNode context = data.path("SPRING_SECURITY_CONTEXT");
        assertThat(context.path("@class").asString())
                .isEqualTo("org.springframework.security.core.context.SecurityContextImpl");
        JsonNode authentication = context.path("authentication");
        assertThat(authentication.path("@class").asString())
                .isEqualTo("org.springframework.security.authentication.UsernamePasswordAuthenticationToken");
        assertThat(authentication.path("principal").path("username").asString()).isEqualTo("alice");
        assertThat(authentication.path("principal").path("password").isNull()).as("credentials erased").isTrue();
        assertThat(data.path("_cloakroom_typed").toString()).contains("SPRING_SECURITY_CONTEXT");
        // "rO0" is how base64 of Java serialization's stream header (AC ED 00) begins.
        assertThat(data.toString()).doesNotContain("rO0").doesNotContain("\\u00ac\\u00ed");
    }
}
