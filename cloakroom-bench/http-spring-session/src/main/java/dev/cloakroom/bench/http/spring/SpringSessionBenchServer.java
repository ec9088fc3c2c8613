package dev.cloakroom.bench.http.spring;

import dev.cloakroom.bench.http.BenchArgs;
import dev.cloakroom.bench.http.BenchJetty;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.web.http.SessionRepositoryFilter;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code --variant spring-jdbc|spring-redis --port N}: the benchmark application behind Spring Session's
 * {@link SessionRepositoryFilter}, on the same Jetty and servlet as every other variant.
 */
public final class SpringSessionBenchServer {
    private SpringSessionBenchServer() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs options = new BenchArgs(args);
        String variant = options.required("variant");
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            start(variant, options.port(), SpringSessionVariants.repository(variant, resources));
        } finally {
            for (AutoCloseable resource : resources) {
                resource.close();
            }
        }
    }

    private static <S extends Session> void start(String variant, int port, SessionRepository<S> repository)
            throws Exception {
        BenchJetty.start(variant, port, BenchJetty.Sessions.FILTER, new SessionRepositoryFilter<>(repository)).join();
    }
}
