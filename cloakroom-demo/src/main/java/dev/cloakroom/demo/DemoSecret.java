package dev.cloakroom.demo;

import dev.cloakroom.ImproperlyConfiguredException;
import dev.cloakroom.settings.SessionSettings;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Locale;

/**
 * The demo's answer to a missing SECRET_KEY, so that a fresh clone starts with one command: generate a key
 * once and keep it in {@value #FILE_NAME} beside the SQLite database (or in the working directory for other
 * engines), readable only by its owner. Only the demo does this; the library and the other commands insist on
 * a configured SECRET_KEY.
 */
final class DemoSecret {
    static final String FILE_NAME = ".cloakroom-demo-secret";
    /** Django's {@code get_random_secret_key()} alphabet and length. */
    private static final String CHARS = "abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)";
    private static final int LENGTH = 50;
    /** Stands in for the key while the other settings are validated, to find where the file belongs. */
    private static final String PROBE = "probe-only-never-used-to-sign";
    /** The setting's Django name, which is what ImproperlyConfiguredException reports. */
    private static final String SECRET_KEY = "SECRET_KEY";

    private DemoSecret() {
    }

    /**
     * The settings of {@code builder}, with a generated (or previously generated) SECRET_KEY if none is configured.
     *
     * @param workingDirectory where relative SQLite paths and the non-db secret file live
     */
    static SessionSettings settingsWithSecret(SessionSettings.Builder builder, Path workingDirectory,
            PrintWriter out) {
        try {
            return builder.build();
        } catch (ImproperlyConfiguredException e) {
            if (!SECRET_KEY.equals(e.setting())) {
                throw e;
            }
        }
        Path file = secretFile(builder.secretKey(PROBE).build(), workingDirectory);
        boolean created = !Files.exists(file);
        String secret = readOrCreate(file);
        out.println(created
                ? "cloakroom demo: no SECRET_KEY configured; generated one and saved it in " + file
                : "cloakroom demo: no SECRET_KEY configured; using the demo key saved in " + file);
        out.println("cloakroom demo: (demo only - configure SECRET_KEY for anything real)");
        return builder.secretKey(secret).build();
    }

    /** Beside the SQLite database when the engine keeps sessions there, else in the working directory. */
    static Path secretFile(SessionSettings settings, Path workingDirectory) {
        String engine = settings.engine();
        if (engine.equals("db") || engine.equals("cached_db")) {
            String url = settings.raw("DATABASE_URL").orElse("jdbc:sqlite:cloakroom.sqlite3");
            Path database = sqliteFile(url);
            if (database != null) {
                Path parent = workingDirectory.resolve(database).toAbsolutePath().getParent();
                return parent.resolve(FILE_NAME);
            }
        }
        return workingDirectory.resolve(FILE_NAME).toAbsolutePath();
    }

    /** The file of a {@code jdbc:sqlite:} URL, or null for another database or an in-memory one. */
    static Path sqliteFile(String url) {
        String prefix = "jdbc:sqlite:";
        if (!url.toLowerCase(Locale.ROOT).startsWith(prefix)) {
            return null;
        }
        String path = url.substring(prefix.length());
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (path.startsWith("file:")) {
            path = path.substring("file:".length());
        }
        if (path.isEmpty() || path.startsWith(":memory:")) {
            return null;
        }
        return Path.of(path);
    }

    private static String readOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return readSecret(file);
            }
            Files.createDirectories(file.getParent());
            String secret = generate();
            try {
                Files.createFile(file);
            } catch (FileAlreadyExistsException raced) {
                return readSecret(file);
            }
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the file keeps the directory's permissions
            }
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the demo's SECRET_KEY in " + file
                    + "; configure SECRET_KEY instead", e);
        }
    }

    private static String readSecret(Path file) throws IOException {
        String secret = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (secret.isEmpty()) {
            throw new ImproperlyConfiguredException(SECRET_KEY, "the demo key file " + file
                    + " is empty; delete it to generate a new key, or configure SECRET_KEY");
        }
        return secret;
    }

    private static String generate() {
        SecureRandom random = new SecureRandom();
        StringBuilder key = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            key.append(CHARS.charAt(random.nextInt(CHARS.length())));
        }
        return key.toString();
    }
}
