package dev.cloakroom.demo;

import dev.cloakroom.settings.SessionSettings;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The hostile-input suite on the file engine: session files written behind the store's back. */
class HostileInputOnFileTest extends HostileInputContract {
    private Path directory;

    @Override
    SessionSettings.Builder settings(SessionSettings.Builder base) throws Exception {
        directory = Files.createTempDirectory("cloakroom-hostile-files-");
        return base.engine("file").filePath(directory);
    }

    @Override
    String plant(String data) throws Exception {
        String key = randomKey();
        Files.writeString(directory.resolve("sessionid" + key), data, StandardCharsets.UTF_8);
        return key;
    }

    /** By listing, not by resolving the key: a hostile key must not steer where the test looks either. */
    @Override
    boolean hasRecord(String key) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.anyMatch(file -> file.getFileName().toString().equals("sessionid" + key));
        }
    }

    @Override
    List<BadRecord> storeSpecificRecords() {
        return List.of(
                new BadRecord("raw bytes that are not UTF-8", () -> {
                    String key = randomKey();
                    Files.write(directory.resolve("sessionid" + key), new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 1});
                    return key;
                }, true),
                new BadRecord("a directory where the file should be", () -> {
                    String key = randomKey();
                    Files.createDirectory(directory.resolve("sessionid" + key));
                    return key;
                }, true),
                new BadRecord("a file that cannot be read", () -> {
                    String key = randomKey();
                    Path file = directory.resolve("sessionid" + key);
                    Files.writeString(file, "x");
                    Files.setPosixFilePermissions(file, java.util.Set.of());
                    return key;
                }, true));
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
