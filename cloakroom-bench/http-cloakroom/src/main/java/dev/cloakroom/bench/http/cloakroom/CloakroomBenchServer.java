package dev.cloakroom.bench.http.cloakroom;

import dev.cloakroom.bench.http.BenchArgs;
import dev.cloakroom.bench.http.BenchJetty;
import dev.cloakroom.bench.http.PlainBenchServer;
import dev.cloakroom.jdbc.schema.SchemaMigrator;
import dev.cloakroom.servlet.SessionMiddleware;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;

import java.nio.file.Path;

/**
 * {@code --variant V --port N --workdir DIR}: the benchmark application behind {@link SessionMiddleware} on the
 * Cloakroom variant V ({@link CloakroomVariants#NAMES}), or {@code none} / {@code jetty} (the same as
 * {@link PlainBenchServer}, from this jar).
 */
public final class CloakroomBenchServer {
    private CloakroomBenchServer() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs options = new BenchArgs(args);
        String variant = options.required("variant");
        if (variant.equals("none") || variant.equals("jetty")) {
            PlainBenchServer.main(args);
            return;
        }
        SessionSettings settings = CloakroomVariants.settings(variant, Path.of(options.get("workdir", ".")));
        if (settings.engine().equals("db") || settings.engine().equals("cached_db")) {
            SchemaMigrator.migrateConfigured(settings);
        }
        try (SessionEngine engine = SessionEngines.create(settings)) {
            BenchJetty.start(variant, options.port(), BenchJetty.Sessions.FILTER, new SessionMiddleware(engine)).join();
        }
    }
}
