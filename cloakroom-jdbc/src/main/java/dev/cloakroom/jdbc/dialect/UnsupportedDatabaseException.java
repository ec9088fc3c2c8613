package dev.cloakroom.jdbc.dialect;

/** The database is not one the db engine knows Django's schema for (SQLite, PostgreSQL, MySQL, MariaDB). */
public class UnsupportedDatabaseException extends RuntimeException {
    public UnsupportedDatabaseException(String database) {
        super("Unsupported session database '" + database
                + "': the db engine supports SQLite, PostgreSQL, MySQL and MariaDB");
    }
}
