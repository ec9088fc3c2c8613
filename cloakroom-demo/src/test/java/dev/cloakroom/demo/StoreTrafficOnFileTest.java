package dev.cloakroom.demo;

import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Store traffic on the file engine, counted at the store interface: the store is in this process. */
class StoreTrafficOnFileTest extends StoreTrafficContract {
    private final CountingSessionStore.Holder counting = new CountingSessionStore.Holder();
    private Path directory;

    @Override
    SessionSettings.Builder settings(SessionSettings.Builder base) throws Exception {
        directory = Files.createTempDirectory("cloakroom-traffic-files-");
        return base.engine("file").filePath(directory);
    }

    @Override
    SessionEngines.Builder customise(SessionEngines.Builder builder) {
        return builder.provider(CountingSessionStore.provider("file", counting));
    }

    @Override
    List<TrafficMeter> meters() {
        return List.of(counting.store);
    }

    @Override
    String label() {
        return "file";
    }

    @Override
    void cleanUp() throws Exception {
        if (directory != null) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
