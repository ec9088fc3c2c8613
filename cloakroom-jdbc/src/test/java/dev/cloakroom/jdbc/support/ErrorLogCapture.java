package dev.cloakroom.jdbc.support;

import org.junit.jupiter.api.Assumptions;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Collects what slf4j-simple (the test binding, which prints to {@code System.err} and looks the stream up on
 * every call) writes while it is open, passing everything on to the real stream. Skips the test under any
 * other binding rather than passing without looking. Not for parallel test execution.
 */
public final class ErrorLogCapture implements AutoCloseable {
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private ErrorLogCapture() {
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

    public static ErrorLogCapture start() {
        String factory = LoggerFactory.getILoggerFactory().getClass().getName();
        Assumptions.assumeTrue("org.slf4j.simple.SimpleLoggerFactory".equals(factory),
                "log assertions read slf4j-simple output; the SLF4J binding here is " + factory);
        return new ErrorLogCapture();
    }

    /** Everything logged since {@link #start()}, stack traces included. */
    public String text() {
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
