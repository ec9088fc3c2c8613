package dev.cloakroom.testkit.stores;

import dev.cloakroom.codec.SessionCodec;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.session.Session;
import dev.cloakroom.store.SessionKeys;
import dev.cloakroom.ImproperlyConfiguredException;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.store.ReplaceOutcome;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionStore;
import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.spi.EngineContext;
import dev.cloakroom.spi.EngineParts;
import dev.cloakroom.spi.SessionEngineProvider;
import dev.cloakroom.testkit.SessionStoreContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The contract on the file engine, plus Django's FileSessionTests (reference 8.5, tests 81-84). */
class FileSessionTest extends SessionStoreContract {
    /** Holds SESSION_FILE_PATH, so that escaping it would show as a file beside it. */
    @TempDir
    Path root;

    private Path sessionDir() {
        Path dir = root.resolve("sessions");
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected SessionSettings.Builder settingsBuilder() {
        return super.settingsBuilder().engine("file").filePath(sessionDir());
    }

    @Override
    protected SessionEngine createEngine(SessionSettings settings, Clock clock) {
        return SessionEngines.create(settings, clock);
    }

    /** The file Django names {@code <SESSION_FILE_PATH>/<SESSION_COOKIE_NAME><key>}. */
    private Optional<Path> fileOf(String key) {
        return SessionKeys.isWellFormed(key)
                ? Optional.of(sessionDir().resolve(settings.cookieName() + key))
                : Optional.empty();
    }

    @Override
    protected Optional<String> rawStoredData(String key) {
        return fileOf(key).filter(Files::exists).map(file -> {
            try {
                return Files.readString(file, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    protected boolean corruptStoredData(String key) {
        try {
            Files.writeString(fileOf(key).orElseThrow(), "\u0000garbage: not a session\n", StandardCharsets.UTF_8);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> sessionFiles() {
        try (Stream<Path> files = Files.list(sessionDir())) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith(settings.cookieName()))
                    .sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- Django's FileSessionTests ----------------------------------------------------------------------

    /** Django 81: a SESSION_FILE_PATH that does not exist fails at configuration, naming the setting. */
    @Test
    void testConfigurationCheck() {
        Path missing = root.resolve("if/this/directory/exists/you/have/a/weird/computer");
        assertThatThrownBy(() -> createEngine(settingsBuilder().filePath(missing).build(), clock))
                .isInstanceOfSatisfying(ImproperlyConfiguredException.class,
                        e -> assertThat(e.setting()).isEqualTo("SESSION_FILE_PATH"));
    }

    /** Django 82: a key with backslashes cannot name a file (no directory traversal). */
    @Test
    void testInvalidKeyBackslash() {
        assertKeyRefusedByTheStore("a\\b\\c");
        assertKeyRefusedByTheStore("..\\..\\escaped");
    }

    /** Django 83: the same with forward slashes. */
    @Test
    void testInvalidKeyForwardslash() {
        assertKeyRefusedByTheStore("a/b/c");
        assertKeyRefusedByTheStore("/../../escaped");
    }

    /**
     * Django 84: with SESSION_COOKIE_AGE=0, of a session expiring in an hour, one expired an hour ago and
     * one without an expiry of its own, clearsessions leaves only the first.
     */
    @Test
    void testClearsessionsCommand() {
        SessionEngine zeroAge = engine(settingsBuilder().cookieAge(0).build());
        assertThat(sessionFiles()).isEmpty();

        Session future = zeroAge.open(null);
        future.put("foo", "bar");
        future.setExpiry(3600);
        future.save();
        Session past = zeroAge.open(null);
        past.put("foo", "bar");
        past.setExpiry(-3600);
        past.save();
        Session noExpiry = zeroAge.open(null);
        noExpiry.put("foo", "bar");
        noExpiry.save();

        assertThat(sessionFiles()).hasSize(3);
        zeroAge.clearExpired();
        assertThat(sessionFiles()).containsExactly(settings.cookieName() + future.getSessionKey());
    }

    // ---- ground truth of reference 2.4 ------------------------------------------------------------------

    @Test
    void sessionFileIsReadableByItsOwnerOnly() throws IOException {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
        session.put("a", 1);
        session.save();
        Path file = fileOf(session.getSessionKey()).orElseThrow();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    /** Django writes a temporary file beside the session file and renames it; none may be left over. */
    @Test
    void savingLeavesNoTemporaryFilesBehind() {
        session.put("a", 1);
        session.save();
        session.put("b", 2);
        session.save();
        assertThat(sessionFiles()).containsExactly(settings.cookieName() + session.getSessionKey());
    }

    private void assertKeyRefusedByTheStore(String key) {
        SessionCodec codec = SessionCodec.fromSettings(settings, SessionCodec.SESSION_STORE_SALT, clock);
        SessionRecord record = new SessionRecord(codec.encode(Map.of("a", 1)), clock.instant().plusSeconds(60),
                clock.instant());
        EngineParts parts = fileEngineParts();
        try {
            SessionStore store = parts.sessionStore().orElseThrow();
            List<Path> before = regularFilesUnder(root);
            assertThat(store.load(key)).as("load(%s)", key).isEmpty();
            assertThat(store.exists(key)).as("exists(%s)", key).isFalse();
            boolean created;
            try {
                created = store.create(key, record);
            } catch (RuntimeException refused) {
                created = false;
            }
            assertThat(created).as("create(%s)", key).isFalse();
            assertThat(store.replace(key, record, record)).as("replace(%s)", key).isEqualTo(ReplaceOutcome.MISSING);
            store.delete(key);
            // Anywhere under the temporary root, not only in SESSION_FILE_PATH: an escaped name lands beside it.
            assertThat(regularFilesUnder(root)).as("files under the root after the calls with %s", key)
                    .isEqualTo(before);
        } finally {
            for (AutoCloseable resource : parts.resources()) {
                try {
                    resource.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing the file store", e);
                }
            }
        }
    }

    /**
     * The store SESSION_ENGINE=file runs on, from its provider: the store's class is internal to the core, and
     * a hostile key never gets past the engine, so the store's own refusal is only reachable this way.
     */
    private EngineParts fileEngineParts() {
        SessionEngineProvider provider = ServiceLoader.load(SessionEngineProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(candidate -> candidate.engineNames().contains("file"))
                .findFirst().orElseThrow(() -> new AssertionError("no SessionEngineProvider serves the file engine"));
        SessionSettings fileSettings = settings;
        Clock fileClock = clock;
        return provider.create("file", new EngineContext() {
            @Override
            public SessionSettings settings() {
                return fileSettings;
            }

            @Override
            public Clock clock() {
                return fileClock;
            }

            @Override
            public CacheBackend cache(String alias) {
                throw new AssertionError("the file engine needs no cache");
            }

            @Override
            public SessionStore cachedInFront(SessionStore store) {
                throw new AssertionError("the file engine needs no cache");
            }

            @Override
            public SessionStore cacheStore() {
                throw new AssertionError("the file engine needs no cache");
            }
        });
    }

    private static List<Path> regularFilesUnder(Path directory) {
        try (Stream<Path> everything = Files.walk(directory)) {
            return everything.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
