/**
 * The db engine: Django's {@code django_session} table over JDBC on SQLite (the default, a file in the
 * working directory), PostgreSQL and MySQL/MariaDB. {@link dev.cloakroom.jdbc.DbSessionStore} holds the
 * store primitives, {@link dev.cloakroom.jdbc.DbEngineProvider} wires SESSION_ENGINE {@code db} and
 * {@code cached_db} (the table with a cache in front),
 * {@link dev.cloakroom.jdbc.schema.SchemaMigrator} is {@code bin/cloakroom migrate}, and
 * {@code dialect} keeps what differs between databases.
 */
package dev.cloakroom.jdbc;
