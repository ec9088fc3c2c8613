package dev.cloakroom.testsupport;

import dev.cloakroom.SecurityLog;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Captures what is logged on {@link SecurityLog} while open. The core test binding is slf4j-simple, which
 * looks up {@code System.err} on every line it writes ({@code org.slf4j.simpleLogger.logFile} defaults to
 * {@code System.err}, uncached), so swapping that stream captures its lines; they are parsed back into
 * level, logger and message. Tests run on one thread, one at a time; close restores the real stream.
 *
 * <pre>{@code try (SecurityLogCapture log = SecurityLogCapture.start()) { ...; log.warnings() } }</pre>
 */
public final class SecurityLogCapture implements AutoCloseable {
    // slf4j-simple's default layout: "[thread] LEVEL logger - message"
    private static final Pattern LINE = Pattern.compile("^(?:\\[[^\\]]*\\] )?(TRACE|DEBUG|INFO|WARN|ERROR) (\\S+) - (.*)$");

    private final PrintStream original;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    private SecurityLogCapture() {
        original = System.err;
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    }

    public static SecurityLogCapture start() {
        return new SecurityLogCapture();
    }

    /** One logged line. */
    public record Entry(String level, String logger, String message) { }

    /** Every line logged on the security logger since {@link #start}, at any level. */
    public List<Entry> entries() {
        return entries(SecurityLog.SUSPICIOUS_SESSION);
    }

    /** Every line logged on {@code logger} since {@link #start}, at any level (slf4j-simple logs INFO and up). */
    public List<Entry> entries(String logger) {
        System.err.flush();
        return buffer.toString(StandardCharsets.UTF_8).lines()
                .map(LINE::matcher)
                .filter(Matcher::matches)
                .map(m -> new Entry(m.group(1), m.group(2), m.group(3)))
                .filter(e -> e.logger().equals(logger))
                .toList();
    }

    /** The messages logged at WARN on the security logger. */
    public List<String> warnings() {
        return entries().stream().filter(e -> e.level().equals("WARN")).map(Entry::message).toList();
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
