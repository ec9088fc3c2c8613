package dev.cloakroom.jdbc;

import dev.cloakroom.store.SessionStoreException;

/**
 * The session database could not be reached within the connection timeout (down, unreachable, refusing
 * connections, or the pool exhausted). Raised promptly instead of hanging a request; the pool reconnects by
 * itself once the database is back.
 */
public class DatabaseUnavailableException extends SessionStoreException {
    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
