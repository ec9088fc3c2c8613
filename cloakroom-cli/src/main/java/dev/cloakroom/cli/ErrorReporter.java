package dev.cloakroom.cli;

import dev.cloakroom.SessionValueException;
import dev.cloakroom.ImproperlyConfiguredException;
import dev.cloakroom.settings.SettingsFileException;
import dev.cloakroom.ClearExpiredUnsupportedException;
import dev.cloakroom.store.SessionStoreException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.io.PrintWriter;

/**
 * How a failed command tells the user: exactly one line on stderr, prefixed with the command's name, and an
 * exit code. Expected failures (bad signature, bad settings, an engine that cannot clear) read as plain
 * sentences (a store's failure, e.g. a database that is down, included: its message says what failed);
 * anything else names its exception type and points at --verbose, which adds the stack trace.
 */
final class ErrorReporter {
    static final int FAILURE = 1;
    static final int USAGE = 2;

    private ErrorReporter() {
    }

    /** picocli's usage errors (unknown option, bad value, missing command): one line and exit 2. */
    static int usageError(ParameterException e, String[] args) {
        CommandLine failed = e.getCommandLine();
        String name = failed.getCommandSpec().qualifiedName();
        failed.getErr().println(name + ": " + oneLine(e.getMessage()) + " (see '" + name + " --help')");
        return USAGE;
    }

    /** An exception thrown by a command: one line, the stack trace only when {@code verbose}; exit 1. */
    static int failure(Exception e, CommandLine failed, boolean verbose) {
        PrintWriter err = failed.getErr();
        err.println(failed.getCommandSpec().qualifiedName() + ": " + oneLine(describe(e, verbose)));
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return FAILURE;
    }

    private static String describe(Exception e, boolean verbose) {
        if (e instanceof CommandFailedException || e instanceof ImproperlyConfiguredException
                || e instanceof SettingsFileException || e instanceof ClearExpiredUnsupportedException
                || e instanceof SessionStoreException || e instanceof SessionValueException) {
            return e.getMessage();
        }
        String detail = e.getMessage() == null ? "" : ": " + e.getMessage();
        return e.getClass().getSimpleName() + detail + (verbose ? "" : " (--verbose shows the stack trace)");
    }

    /** Multi-line messages (SQL errors, JSON errors) folded onto one line. */
    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
