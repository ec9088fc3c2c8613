package dev.cloakroom.cli;

import dev.cloakroom.codec.SessionCodec;
import dev.cloakroom.settings.SessionSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static dev.cloakroom.cli.EncodeDecodeCommandTest.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

class ClearSessionsCommandTest {
    /** SESSION_COOKIE_AGE's default: a file without _session_expiry expires this long after its mtime. */
    private static final Duration COOKIE_AGE = Duration.ofSeconds(1_209_600);

    @TempDir
    Path sessions;

    private Cli cli(String engine) {
        return new Cli().env("SECRET_KEY", SECRET).env("SESSION_ENGINE", engine)
                .env("SESSION_FILE_PATH", sessions.toString());
    }

    @Test
    void fileEngineRemovesTheExpiredFileKeepsTheLiveOneAndSaysSo() throws IOException {
        Instant now = Instant.now();
        Path expired = writeSessionFile("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", now.minus(COOKIE_AGE).minusSeconds(3600));
        Path live = writeSessionFile("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", now.minusSeconds(60));

        Cli.Result result = cli("file").run("clearsessions");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).isEqualTo("Removed 1 expired session (engine file).\n");
        assertThat(expired).doesNotExist();
        assertThat(live).exists();
    }

    @Test
    void fileEngineWithNothingExpiredRemovesNothing() throws IOException {
        Path live = writeSessionFile("cccccccccccccccccccccccccccccccc", Instant.now());

        Cli.Result result = cli("django.contrib.sessions.backends.file").run("clearsessions");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("Removed 0 expired sessions (engine file).\n");
        assertThat(live).exists();
    }

    @Test
    void cacheSessionsExpireByThemselves() {
        Cli.Result result = cli("cache").run("clearsessions");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("cache", "expire by themselves");
    }

    @Test
    void signedCookieSessionsExpireByThemselves() {
        Cli.Result result = cli("signed_cookies").run("clearsessions");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("signed_cookies", "expire by themselves");
    }

    @Test
    void anEngineThatCannotClearFailsWithDjangosMessage() {
        String engine = NoClearExpiredEngine.class.getName();

        Cli.Result result = cli(engine).run("clearsessions");

        assertThat(result.exitCode()).isOne();
        assertThat(result.errLines()).isOne();
        assertThat(result.err()).contains("Session engine '" + engine
                + "' doesn't support clearing expired sessions.");
    }

    @Test
    void anUnknownEngineFailsNamingTheSetting() {
        Cli.Result result = cli("mongo").run("clearsessions");

        assertThat(result.exitCode()).isOne();
        assertThat(result.errLines()).isOne();
        assertThat(result.err()).contains("SESSION_ENGINE");
    }

    /** A session file as Django's file engine writes it: encoded data under the cookie name plus key. */
    private Path writeSessionFile(String key, Instant modified) throws IOException {
        SessionSettings settings = SessionSettings.builder().secretKey(SECRET).engine("file").filePath(sessions)
                .build();
        String data = SessionCodec.fromSettings(settings, SessionCodec.SESSION_STORE_SALT, Clock.systemUTC())
                .encode(Map.of("user", key));
        Path file = sessions.resolve("sessionid" + key);
        Files.writeString(file, data);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }
}
