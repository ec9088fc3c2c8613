package dev.cloakroom.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** Runs cloakroom in-process with an environment, stdin and clock of the test's choosing; captures the output. */
final class Cli {
    private final Map<String, String> variables = new HashMap<>();
    private final Properties systemProperties = new Properties();
    private String stdin = "";
    private Clock clock = Clock.systemUTC();

    static Cli withEnvironment(Map<String, String> variables) {
        Cli cli = new Cli();
        cli.variables.putAll(variables);
        return cli;
    }

    Cli env(String name, String value) {
        variables.put(name, value);
        return this;
    }

    Cli systemProperty(String name, String value) {
        systemProperties.setProperty(name, value);
        return this;
    }

    Cli stdin(String text) {
        stdin = text;
        return this;
    }

    Cli at(Instant now) {
        clock = Clock.fixed(now, ZoneOffset.UTC);
        return this;
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment environment = new CliEnvironment(variables, systemProperties,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out, true), new PrintWriter(err, true), clock);
        int exitCode = CloakroomCommand.execute(environment, args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    /** What one run printed and returned. */
    record Result(int exitCode, String out, String err) {
        /** stderr's lines, for asserting that a failure is reported in exactly one. */
        long errLines() {
            return err.lines().count();
        }
    }
}
