package dev.cloakroom.spring.boot.autoconfigure;

import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.settings.SettingsLoader;
import dev.cloakroom.spring.boot.autoconfigure.support.BootApp;
import dev.cloakroom.spring.boot.autoconfigure.testapp.CounterApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The cloakroom.* properties bind with Spring's relaxed rules and win over the Django names. */
class SettingsPropertiesTest {
    @TempDir
    Path directory;

    String database() {
        return "cloakroom.database-url=jdbc:sqlite:" + directory.resolve("sessions.sqlite3");
    }

    @Test
    void anEnvironmentVariableInSpringsFormSetsTheCookieAge() throws Exception {
        SpringApplicationBuilder builder = new SpringApplicationBuilder(CounterApplication.class)
                .initializers(context -> context.getEnvironment().getPropertySources().addFirst(
                        new SystemEnvironmentPropertySource("test-environment",
                                Map.of("CLOAKROOM_SESSION_COOKIE_AGE", "600"))));
        try (BootApp app = BootApp.start(builder, database())) {
            assertThat(app.get("/count").headers().firstValue("Set-Cookie")).get().asString()
                    .contains("Max-Age=600");
        }
    }

    @Test
    void aCamelCasePropertySetsTheCookieAgeToo() throws Exception {
        try (BootApp app = BootApp.start(CounterApplication.class, database(), "cloakroom.sessionCookieAge=600")) {
            assertThat(app.get("/count").headers().firstValue("Set-Cookie")).get().asString()
                    .contains("Max-Age=600");
        }
    }

    /**
     * Sources, later ones winning: the settings file, environment variables and system properties under the
     * Django names (here through a SettingsLoader bean standing in for the process's), then Spring's.
     */
    @Test
    void springPropertiesWinOverDjangoNamesWhichStillApplyWhereSpringSaysNothing() throws Exception {
        Files.writeString(directory.resolve(SettingsLoader.DEFAULT_FILE_NAME),
                "SESSION_COOKIE_PATH=/\nSESSION_COOKIE_NAME=fromfile\nSESSION_COOKIE_AGE=500\n");
        SettingsLoader loader = new SettingsLoader(
                Map.of("SESSION_COOKIE_NAME", "fromenv", "SESSION_COOKIE_AGE", "700", "SECRET_KEY", "env-secret"),
                Map.of("SESSION_COOKIE_AGE", "800", "SESSION_COOKIE_SAMESITE", "Strict"), directory);
        SpringApplicationBuilder builder = new SpringApplicationBuilder(CounterApplication.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("settingsLoader", loader));
        try (BootApp app = BootApp.start(builder, database(), "cloakroom.session-cookie-age=600")) {
            SessionSettings settings = app.context().getBean(SessionSettings.class);

            assertThat(settings.cookieAge()).as("Spring over system property, environment, file").isEqualTo(600);
            assertThat(settings.cookieName()).as("environment over file").isEqualTo("fromenv");
            assertThat(settings.secretKey()).as("Spring over environment").isEqualTo("spring-boot-test-secret-key");
            assertThat(app.get("/count").headers().firstValue("Set-Cookie")).get().asString()
                    .startsWith("fromenv=").contains("Max-Age=600", "SameSite=Strict");
        }
    }
}
