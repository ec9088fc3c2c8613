package dev.cloakroom.testkit;

import dev.cloakroom.SecurityLog;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects what is logged while it is open, so a test can assert that bad input was reported on
 * {@link SecurityLog} (Django's {@code assertLogs('django.security.SuspiciousSession', 'WARNING')}) or that a
 * failure was logged as an error.
 *
 * <p>SLF4J has no capture API, so this reads what the slf4j-simple binding (the binding the test modules
 * use) prints to {@code System.err}, which it looks up on every call. Under any other binding the test
 * is skipped with that reason rather than passing without looking, except in CI ({@code CI=true}), where it
 * fails: there every security-log assertion must really be checked. Everything printed is still passed
 * on to the real {@code System.err}. Not for parallel test execution: it swaps a global stream.
 */
public final class LogCapture implements AutoCloseable {
    private static final String SIMPLE_FACTORY = "org.slf4j.simple.SimpleLoggerFactory";

    private final PrintStream original;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private LogCapture() {
        this.original = System.err;
        OutputStream tee = new OutputStream() {
            @Override
            public synchronized void write(int b) {
                captured.write(b);
                original.write(b);
            }

            @Override
            public synchronized void write(byte[] bytes, int offset, int length) {
                captured.write(bytes, offset, length);
                original.write(bytes, offset, length);
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    /**
     * Starts capturing; when the SLF4J binding is not slf4j-simple, skips the calling test, or fails it in CI.
     */
    public static LogCapture start() {
        return start(LoggerFactory.getILoggerFactory().getClass().getName(), System.getenv("CI"));
    }

    static LogCapture start(String factory, String ci) {
        if (!SIMPLE_FACTORY.equals(factory)) {
            String why = "log assertions read slf4j-simple output; the SLF4J binding here is " + factory;
            if ("true".equalsIgnoreCase(ci)) {
                throw new AssertionError(why + " (CI=true: a log assertion may not be skipped)");
            }
            Assumptions.abort(why);
        }
        return new LogCapture();
    }

    /** The messages logged at WARNING on the security logger so far, in order. */
    public List<String> securityWarnings() {
        String marker = " WARN " + SecurityLog.SUSPICIOUS_SESSION + " - ";
        List<String> warnings = new ArrayList<>();
        for (String line : text().split("\\R")) {
            int at = line.indexOf(marker);
            if (at >= 0) {
                warnings.add(line.substring(at + marker.length()));
            }
        }
        return warnings;
    }

    /** Everything logged since {@link #start()}, stack traces included. */
    public synchronized String text() {
        System.err.flush();
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** Whether a line {@code ERROR <logger> - <message start>} was logged. */
    public boolean hasError(String logger, String messageStart) {
        return text().contains(" ERROR " + logger + " - " + messageStart);
    }

    @Override
    public void close() {
        System.err.flush();
        System.setErr(original);
    }
}
