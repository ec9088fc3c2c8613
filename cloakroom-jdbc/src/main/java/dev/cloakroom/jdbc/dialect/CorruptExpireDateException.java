package dev.cloakroom.jdbc.dialect;

import java.sql.SQLException;

/**
 * A row's {@code expire_date} holds something no Django writes: text of another shape or a number (SQLite's
 * columns take any value), {@code 'infinity'} (PostgreSQL). The store treats such a row as no session and
 * reports it on the security log.
 */
public class CorruptExpireDateException extends SQLException {
    public CorruptExpireDateException(String message, Throwable cause) {
        super(message, cause);
    }
}
