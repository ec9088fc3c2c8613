package dev.cloakroom.jdbc.dialect;

import dev.cloakroom.ImproperlyConfiguredException;

/** The database is not one the db engine knows Django's schema for (SQLite, PostgreSQL, MySQL, MariaDB). */
public class UnsupportedDatabaseException extends ImproperlyConfiguredException {
    public UnsupportedDatabaseException(String database) {
        super("DATABASE_URL", "unsupported session database '" + database
                + "': the db engine supports SQLite, PostgreSQL, MySQL and MariaDB");
    }
}
