package dev.cloakroom.python;

import dev.cloakroom.CloakroomException;

/**
 * A pickle that {@link PickleReader} will not build: malformed, beyond its limits, or asking for something other
 * than plain data (a class, a function, a persistent id). The message names the opcode or the limit, never the
 * data, so it can be logged.
 */
public final class UnreadablePickleException extends CloakroomException {
    public UnreadablePickleException(String message) {
        super(message);
    }
}
