package dev.cloakroom.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The command tree itself: help, version, usage errors and the commands that do not need settings. */
class CommandLineShapeTest {

    @Test
    void rootHelpExitsZeroAndListsEveryCommand() {
        Cli.Result result = new Cli().run("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("encode", "decode", "clearsessions", "migrate", "runserver");
        assertThat(result.err()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"encode", "decode", "clearsessions", "migrate", "runserver", "help"})
    void everySubcommandHasHelp(String command) {
        Cli.Result result = new Cli().run(command, "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Usage: cloakroom " + command);
    }

    @Test
    void helpCommandShowsASubcommandsHelp() {
        Cli.Result result = new Cli().run("help", "decode");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Usage: cloakroom decode", "--max-age");
    }

    @Test
    void versionNamesTheProject() {
        Cli.Result result = new Cli().run("--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("cloakroom ").doesNotContain("${project.version}");
    }

    @Test
    void unknownOptionIsAUsageErrorOnOneLine() {
        Cli.Result result = new Cli().run("decode", "--no-such-option");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLines()).isOne();
        assertThat(result.err()).contains("cloakroom decode", "--no-such-option");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void unknownFormatIsAUsageError() {
        Cli.Result result = new Cli().run("encode", "--format", "pickle");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLines()).isOne();
        assertThat(result.err()).contains("session", "signed-cookie", "pickle");
    }

    @Test
    void negativeMaxAgeIsAUsageError() {
        Cli.Result result = new Cli().run("decode", "--max-age", "-1", "abc");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLines()).isOne();
        assertThat(result.err()).contains("--max-age");
    }

    @Test
    void noCommandIsAUsageError() {
        Cli.Result result = new Cli().run();

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLines()).isOne();
        assertThat(result.err()).contains("a command is required");
    }

    @Test
    void runserverWithAMissingSettingsFileFailsInOneLineBeforeStarting() {
        Cli.Result result = new Cli().run("runserver", "--port", "8001", "--settings", "no-such-settings.properties");

        assertThat(result.exitCode()).isOne();
        assertThat(result.errLines()).isOne();
        assertThat(result.err()).contains("cloakroom runserver", "no-such-settings.properties");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void verboseIsAcceptedAfterTheSubcommandAndAddsTheStackTrace() {
        Cli.Result quiet = new Cli().run("runserver", "--settings", "no-such-settings.properties");
        Cli.Result verbose = new Cli().run("runserver", "--settings", "no-such-settings.properties", "--verbose");

        assertThat(quiet.errLines()).isOne();
        assertThat(verbose.exitCode()).isOne();
        assertThat(verbose.err()).contains("SettingsFileException", "\tat ");
    }
}
