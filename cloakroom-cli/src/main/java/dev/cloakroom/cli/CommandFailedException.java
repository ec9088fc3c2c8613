package dev.cloakroom.cli;

import dev.cloakroom.CloakroomException;

/**
 * A command could not do what was asked, for a reason the user can act on ("bad signature", "stdin holds
 * no JSON object"). Reported as one line on stderr, without a stack trace, and exit code 1.
 */
public class CommandFailedException extends CloakroomException {

    public CommandFailedException(String message) {
        super(message);
    }

    public CommandFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
