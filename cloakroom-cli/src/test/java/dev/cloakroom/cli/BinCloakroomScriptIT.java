package dev.cloakroom.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real {@code bin/cloakroom}, run as a user would: from another directory, after the module has been
 * packaged (this class runs in the integration-test phase, see the module's pom), so the script finds a fresh
 * jar and runs it without building.
 */
class BinCloakroomScriptIT {
    private static Path script;

    @TempDir
    Path elsewhere;

    @BeforeAll
    static void findScript() {
        // Run in the test phase (e.g. picked by -Dtest) the jar is not packaged yet and the script would start
        // a second Maven build inside this one.
        assumeTrue(Boolean.getBoolean("cloakroom.packaged"),
                "runs in the integration-test phase, after package (mvn verify)");
        Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        script = module.getParent().resolve("bin/cloakroom");
        assertThat(script).isExecutable();
    }

    @Test
    void helpRunsFromAnotherDirectoryWithoutRebuilding() throws Exception {
        Run run = run("", "--help");

        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("Usage: cloakroom", "clearsessions", "decode");
        assertThat(run.err).as("the packaged jar is fresh, so no build").doesNotContain("building");
    }

    @Test
    void keepsTheCommandsExitCodes() throws Exception {
        assertThat(run("", "runserver", "--settings", "no-such-settings.properties").exitCode).isOne();
        assertThat(run("", "decode", "--no-such-option").exitCode).isEqualTo(2);
    }

    @Test
    void passesStdinThroughAndTakesTheSecretFromTheEnvironment() throws Exception {
        Run encoded = run("{\"foo\":\"bar\"}", "encode");
        Run decoded = run(encoded.out, "decode");

        assertThat(encoded.exitCode).as(encoded.err).isZero();
        assertThat(decoded.exitCode).as(decoded.err).isZero();
        assertThat(decoded.out).isEqualTo("{\"foo\":\"bar\"}\n");
    }

    @Test
    void reportsAFailureOnOneLineOfStderr() throws Exception {
        Run run = run("", "decode", "eyJmb28iOiJiYXoifQ:1r31eq:0Q7hJrPELYmSEHGx9VZ_9qKDreGSiA2z4jeGZxBqz9I");

        assertThat(run.exitCode).isOne();
        assertThat(run.out).isEmpty();
        assertThat(run.err.lines()).hasSize(1).first().asString().contains("bad signature");
    }

    @Test
    void aDatabaseThatIsDownIsReportedOnOneLineOfStderr() throws Exception {
        Map<String, String> unreachable = Map.of("SESSION_ENGINE", "db",
                "DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/test", "DATABASE_CONNECT_TIMEOUT", "1");

        for (String command : List.of("clearsessions", "migrate")) {
            Run run = run(unreachable, "", command);

            assertThat(run.exitCode).as(command).isOne();
            assertThat(run.err.lines()).as(command + ": " + run.err).hasSize(1).first().asString()
                    .startsWith("cloakroom " + command + ": ").contains("unavailable");
        }
    }

    @Test
    void quietingLibraryWarningsKeepsTheSecurityLog() throws Exception {
        Path sessions = elsewhere.resolve("sessions");
        // a directory where a session file should be: the file store reports it on the security log
        Files.createDirectories(sessions.resolve("sessionid" + "a".repeat(32)));
        Map<String, String> fileEngine = Map.of("SESSION_ENGINE", "file", "SESSION_FILE_PATH", sessions.toString());

        Run run = run(fileEngine, "", "clearsessions");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.err).contains("cloakroom.security.SuspiciousSession").contains("not a regular file");
    }

    private Run run(String stdin, String... args) throws IOException, InterruptedException {
        return run(Map.of(), stdin, args);
    }

    private Run run(Map<String, String> settings, String stdin, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(elsewhere.toFile());
        // the developer's own settings must not leak in; the secret is the reference vectors'
        builder.environment().keySet().removeIf(name -> name.startsWith("SESSION_") || name.startsWith("SECRET_KEY")
                || name.startsWith("DATABASE_") || name.equals("CLOAKROOM_SETTINGS"));
        builder.environment().put("SECRET_KEY", EncodeDecodeCommandTest.SECRET);
        builder.environment().putAll(settings);
        Process process = builder.start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        boolean finished = process.waitFor(120, TimeUnit.SECONDS);
        assertThat(finished).as("bin/cloakroom finished").isTrue();
        return new Run(process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static final class Run {
        final int exitCode;
        final String out;
        final String err;

        Run(int exitCode, String out, String err) {
            this.exitCode = exitCode;
            this.out = out;
            this.err = err;
        }
    }
}
