package dev.cloakroom.sample;

import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionStatistics;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** The sample application started on a random port with test properties ("name=value", later ones win). */
final class SampleApp implements AutoCloseable {
    private final List<String> properties;
    private final ConfigurableApplicationContext context;

    private SampleApp(List<String> properties) {
        this.properties = properties;
        // As command-line arguments, which win over the sample's application.properties.
        this.context = new SpringApplicationBuilder(SampleApplication.class)
                .run(properties.stream().map(property -> "--" + property).toArray(String[]::new));
    }

    static SampleApp start(String... properties) {
        List<String> all = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off",
                "logging.level.root=WARN", "cloakroom.secret-key=sample-test-secret-key"));
        all.addAll(List.of(properties));
        return new SampleApp(all);
    }

    /** Stops this application and starts a new one with the same properties, as a redeploy would. */
    SampleApp restart() {
        close();
        return new SampleApp(properties);
    }

    /** What Cloakroom's engine has done so far: store reads and writes, decodes, encodes. */
    SessionStatistics statistics() {
        return context.getBean(SessionEngine.class).statistics();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + context.getEnvironment().getRequiredProperty("local.server.port")
                + path);
    }

    @Override
    public void close() {
        context.close();
    }
}
