package dev.cloakroom.cli;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Everything a command takes from the process it runs in: environment variables, system properties, stdin,
 * stdout, stderr and the clock. The real process hands in its own ({@link #system()}); tests hand in maps,
 * byte arrays, string writers and a fixed clock, so no command reads a global.
 *
 * @param variables        the environment (SECRET_KEY, SESSION_ENGINE, ...)
 * @param systemProperties the JVM's system properties, the settings' highest-precedence source
 * @param stdin            what {@code encode} and {@code decode} read when given no argument
 * @param out              results, one per line
 * @param err              the one-line error of a failed command, plus the stack trace under --verbose
 * @param clock            the time signatures are made and checked against
 */
public record CliEnvironment(Map<String, String> variables, Properties systemProperties, InputStream stdin,
        PrintWriter out, PrintWriter err, Clock clock) {

    public CliEnvironment {
        variables = Map.copyOf(variables);
        Properties copy = new Properties();
        copy.putAll(Objects.requireNonNull(systemProperties, "systemProperties"));
        systemProperties = copy;
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(clock, "clock");
    }

    /** The running process: its environment, system properties, standard streams (UTF-8) and the UTC clock. */
    public static CliEnvironment system() {
        return new CliEnvironment(System.getenv(), System.getProperties(), System.in,
                new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true),
                Clock.systemUTC());
    }
}
