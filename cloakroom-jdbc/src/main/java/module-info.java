/**
 * The db and cached_db engines: Django's {@code django_session} table on SQLite, PostgreSQL and MySQL/MariaDB,
 * and the schema migration that creates it. Dialects and the pool are internal.
 */
module dev.cloakroom.jdbc {
    requires transitive dev.cloakroom.core;
    requires transitive java.sql;
    requires com.zaxxer.hikari;
    requires org.slf4j;

    exports dev.cloakroom.jdbc;
    exports dev.cloakroom.jdbc.schema;

    provides dev.cloakroom.spi.SessionEngineProvider with dev.cloakroom.jdbc.DbEngineProvider;
}
