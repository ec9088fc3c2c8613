package dev.cloakroom.store;

import dev.cloakroom.CloakroomException;

/** The system behind a store failed (I/O error, database or cache unreachable). */
public class SessionStoreException extends CloakroomException {
    public SessionStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public SessionStoreException(String message) {
        super(message);
    }
}
