package dev.cloakroom.testsupport;

import dev.cloakroom.codec.SessionCodec;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The real file engine in a test directory, for core tests of the session and the lifecycle: the engine is
 * assembled by {@link SessionEngines} as in production, and the session files are read behind its back for
 * what is really stored. Core cannot use the testkit (the testkit depends on core), and a file directory is a
 * store whose ground truth is plain to see.
 */
public final class FileSessions implements AutoCloseable {
    private final Path directory;
    private final SessionSettings settings;
    private final SessionEngine engine;
    private final SessionCodec codec;

    /** @param settings the settings to start from; the engine and its directory are set here */
    public FileSessions(Path directory, SessionSettings.Builder settings, Clock clock) {
        this.directory = directory;
        this.settings = settings.engine("file").filePath(directory).build();
        this.engine = SessionEngines.create(this.settings, clock);
        this.codec = SessionCodec.fromSettings(this.settings, SessionCodec.SESSION_STORE_SALT, clock);
    }

    public SessionEngine engine() {
        return engine;
    }

    public SessionSettings settings() {
        return settings;
    }

    /** The data stored under {@code key}, decoded, or empty when there is no session file for it. */
    public Optional<Map<String, Object>> stored(String key) {
        Path file = directory.resolve(settings.cookieName() + key);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(codec.decode(Files.readString(file, StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The keys of every stored session. */
    public Set<String> keys() {
        String prefix = settings.cookieName();
        try (Stream<Path> files = Files.list(directory)) {
            Set<String> keys = new TreeSet<>();
            files.map(f -> f.getFileName().toString())
                    .filter(name -> name.startsWith(prefix) && !name.contains("_") && !name.startsWith("."))
                    .forEach(name -> keys.add(name.substring(prefix.length())));
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads from the store so far. */
    public long loads() {
        return engine.statistics().storeReads();
    }

    @Override
    public void close() {
        engine.close();
    }
}
