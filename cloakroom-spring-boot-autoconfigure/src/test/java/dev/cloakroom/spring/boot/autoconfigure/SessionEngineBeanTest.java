package dev.cloakroom.spring.boot.autoconfigure;

import dev.cloakroom.CloakroomException;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.spring.boot.autoconfigure.support.BootApp;
import dev.cloakroom.spring.boot.autoconfigure.testapp.CounterApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SessionEngine bean: built from the settings, closed with the context, replaced by the application's. */
class SessionEngineBeanTest {
    @TempDir
    Path directory;

    @Test
    void theEngineIsClosedWhenTheContextCloses() throws Exception {
        SessionEngine engine;
        try (BootApp app = BootApp.start(CounterApplication.class,
                "cloakroom.database-url=jdbc:sqlite:" + directory.resolve("sessions.sqlite3"))) {
            engine = app.context().getBean(SessionEngine.class);
            assertThat(engine.name()).isEqualTo("db");
            assertThat(app.get("/count").body()).startsWith("1 ");
            assertThat(engine.open(null).exists(CloakroomHealthIndicator.PROBE_KEY)).isFalse();
        }

        // The engine's own pool is closed with it: the store cannot be reached any more.
        assertThatThrownBy(() -> engine.open(null).exists(CloakroomHealthIndicator.PROBE_KEY))
                .isInstanceOf(CloakroomException.class);
    }

    @Test
    void anApplicationsOwnEngineReplacesTheAutoConfiguredOne() throws Exception {
        try (BootApp app = BootApp.start(new SpringApplicationBuilder(CounterApplication.class, OwnEngine.class))) {
            assertThat(app.context().getBeansOfType(SessionEngine.class)).containsOnlyKeys("ownEngine");
            assertThat(app.get("/count").headers().firstValue("Set-Cookie")).get().asString()
                    .startsWith("own=");
            assertThat(app.context().getBean(SessionEngine.class).name()).isEqualTo("signed_cookies");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnEngine {
        @Bean
        SessionEngine ownEngine() {
            return SessionEngines.create(SessionSettings.builder().engine("signed_cookies").cookieName("own")
                    .secretKey("the-applications-own-secret").build());
        }
    }
}
