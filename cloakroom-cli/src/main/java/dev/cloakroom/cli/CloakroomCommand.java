package dev.cloakroom.cli;

import dev.cloakroom.SecurityLog;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.settings.SettingsLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * {@code bin/cloakroom}, Cloakroom's manage.py: the root command, which holds the process environment the
 * subcommands use and turns failures into one line on stderr and an exit code (0 success, 1 failure,
 * 2 usage error).
 */
@Command(name = "cloakroom",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Manages Cloakroom sessions, Django's session framework for the JVM.",
        subcommands = {
                EncodeCommand.class,
                DecodeCommand.class,
                ClearSessionsCommand.class,
                MigrateCommand.class,
                RunserverCommand.class,
                HelpCommand.class,
        },
        footer = {"",
                "Settings: Django's defaults < properties file (--settings FILE, else $CLOAKROOM_SETTINGS, else",
                "./cloakroom.properties) < environment variables < system properties. SECRET_KEY is required.",
                "Exit codes: 0 success, 1 failure (one line on stderr), 2 usage error."})
public final class CloakroomCommand implements Callable<Integer> {
    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "On failure, also print the stack trace.")
    private boolean verbose;

    public CloakroomCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    public static void main(String[] args) {
        quietLibraryWarnings(args);
        System.exit(execute(CliEnvironment.system(), args));
    }

    /** slf4j-simple's level, read once when the first logger is made (before any command runs). */
    static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";
    /** slf4j-simple's level for the security logger, which a quieter default must not silence. */
    static final String SECURITY_LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.log." + SecurityLog.SUSPICIOUS_SESSION;

    /**
     * One-shot commands answer on stdout and fail with exactly one line on stderr. Library warnings would add
     * lines of their own to that line (a database that is down: the engine's start-up check and HikariCP both
     * warn before the command reports the same failure), so they are limited to errors. Security warnings
     * (tampered or corrupt sessions met while clearing) still show. runserver is a server and keeps every
     * warning; so does --verbose; explicit -D settings win.
     */
    static void quietLibraryWarnings(String[] args) {
        List<String> words = Arrays.asList(args);
        if (System.getProperty(LOG_LEVEL_PROPERTY) == null && !words.contains("runserver")
                && !words.contains("--verbose")) {
            System.setProperty(LOG_LEVEL_PROPERTY, "error");
            if (System.getProperty(SECURITY_LOG_LEVEL_PROPERTY) == null) {
                System.setProperty(SECURITY_LOG_LEVEL_PROPERTY, "warn");
            }
        }
    }

    /** Runs the command line {@code args} in {@code environment}; returns the exit code. */
    public static int execute(CliEnvironment environment, String... args) {
        CloakroomCommand root = new CloakroomCommand(environment);
        CommandLine commandLine = new CommandLine(root)
                .setOut(environment.out())
                .setErr(environment.err())
                .setParameterExceptionHandler(ErrorReporter::usageError)
                .setExecutionExceptionHandler((e, failed, parseResult) -> ErrorReporter.failure(e, failed,
                        root.verbose));
        try {
            return commandLine.execute(args);
        } finally {
            environment.out().flush();
            environment.err().flush();
        }
    }

    /** Without a subcommand there is nothing to do: a usage error. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "a command is required (encode, decode, clearsessions, "
                + "migrate, runserver)");
    }

    CliEnvironment environment() {
        return environment;
    }

    /**
     * The settings for this run: Django's defaults, overridden by the settings file ({@code file} when given,
     * else CLOAKROOM_SETTINGS, else ./cloakroom.properties if present), then the environment, then system
     * properties.
     *
     * @throws dev.cloakroom.ImproperlyConfiguredException when a setting is missing or invalid
     * @throws dev.cloakroom.settings.SettingsFileException when the settings file is missing or unreadable
     */
    SessionSettings settings(Path file) {
        Map<String, String> systemProperties = new HashMap<>();
        Properties properties = environment.systemProperties();
        for (String name : properties.stringPropertyNames()) {
            systemProperties.put(name, properties.getProperty(name));
        }
        return new SettingsLoader(environment.variables(), systemProperties).loadSettings(Optional.ofNullable(file));
    }
}
