package dev.cloakroom.demo;

import dev.cloakroom.ImproperlyConfiguredException;
import dev.cloakroom.settings.SessionSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoSecretTest {
    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();

    private SessionSettings settings(SessionSettings.Builder builder) {
        return DemoSecret.settingsWithSecret(builder, dir, new PrintWriter(out, true));
    }

    @Test
    void sqliteUrlsNameTheirFile() {
        assertThat(DemoSecret.sqliteFile("jdbc:sqlite:cloakroom.sqlite3")).isEqualTo(Path.of("cloakroom.sqlite3"));
        assertThat(DemoSecret.sqliteFile("jdbc:sqlite:/var/db/s.db?journal_mode=WAL")).isEqualTo(Path.of("/var/db/s.db"));
        assertThat(DemoSecret.sqliteFile("jdbc:sqlite:file:/var/db/s.db")).isEqualTo(Path.of("/var/db/s.db"));
        assertThat(DemoSecret.sqliteFile("jdbc:sqlite::memory:")).isNull();
        assertThat(DemoSecret.sqliteFile("jdbc:postgresql://localhost/test")).isNull();
    }

    @Test
    void theKeyLivesBesideTheSqliteDatabase() {
        Path databaseDir = dir.resolve("data");
        SessionSettings built = settings(SessionSettings.builder().raw("DATABASE_URL",
                "jdbc:sqlite:" + databaseDir.resolve("demo.sqlite3")));
        assertThat(databaseDir.resolve(DemoSecret.FILE_NAME)).exists();
        assertThat(built.secretKey()).hasSize(50)
                .isEqualTo(readKey(databaseDir.resolve(DemoSecret.FILE_NAME)));
    }

    @Test
    void otherEnginesKeepTheKeyInTheWorkingDirectory() {
        settings(SessionSettings.builder().engine("signed_cookies"));
        assertThat(dir.resolve(DemoSecret.FILE_NAME)).exists();
    }

    @Test
    void aConfiguredKeyWinsAndNothingIsWritten() {
        SessionSettings built = settings(SessionSettings.builder().secretKey("configured"));
        assertThat(built.secretKey()).isEqualTo("configured");
        assertThat(dir.resolve(DemoSecret.FILE_NAME)).doesNotExist();
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anotherBadSettingFailsBeforeAnyKeyIsWritten() {
        assertThatThrownBy(() -> settings(SessionSettings.builder().engine("signed_cookies").cookieAge(-1)))
                .isInstanceOf(ImproperlyConfiguredException.class).hasMessageContaining("SESSION_COOKIE_AGE");
        assertThat(dir.resolve(DemoSecret.FILE_NAME)).doesNotExist();
    }

    @Test
    void anEmptyKeyFileIsRefusedWithAHint() throws Exception {
        Files.writeString(dir.resolve(DemoSecret.FILE_NAME), "\n");
        assertThatThrownBy(() -> settings(SessionSettings.builder().engine("signed_cookies")))
                .isInstanceOf(ImproperlyConfiguredException.class).hasMessageContaining("delete it");
    }

    private static String readKey(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
