package dev.cloakroom.jdbc.dialect;

/**
 * One index of the session table as Django's migration creates it.
 *
 * @param name   the index name, as Django computes it
 * @param column the column it serves
 * @param ddl    the exact {@code CREATE INDEX} statement
 * @param anyIndexOnColumnServes whether any index leading with {@code column} does its job (true for a
 *               plain index; false for PostgreSQL's pattern-ops index, which only its own kind replaces)
 */
public record IndexDefinition(String name, String column, String ddl, boolean anyIndexOnColumnServes) {
}
