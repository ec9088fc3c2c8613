package dev.cloakroom.jdbc.schema;

import dev.cloakroom.store.SessionStoreException;

/** A table under the session table's name exists but is not shaped like Django's session table. */
public class SchemaMismatchException extends SessionStoreException {
    public SchemaMismatchException(String message) {
        super(message);
    }
}
