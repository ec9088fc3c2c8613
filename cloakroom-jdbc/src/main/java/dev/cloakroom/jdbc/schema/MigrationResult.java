package dev.cloakroom.jdbc.schema;

import java.util.List;

/**
 * What {@link SchemaMigrator#migrate()} did.
 *
 * @param tableCreated      whether the table was created
 * @param createdIndexes    the indexes created, by name, in order
 * @param migrationRecorded whether {@code sessions.0001_initial} was recorded in Django's
 *                          {@code django_migrations}
 * @param ledgerCreated     whether {@code django_migrations} itself had to be created for that record
 * @param description       one line for {@code bin/cloakroom migrate} to print
 */
public record MigrationResult(boolean tableCreated, List<String> createdIndexes, boolean migrationRecorded,
        boolean ledgerCreated, String description) {
    public MigrationResult {
        createdIndexes = List.copyOf(createdIndexes);
    }

    /** Whether the schema was already complete, so nothing was executed. */
    public boolean nothingToDo() {
        return !tableCreated && createdIndexes.isEmpty() && !migrationRecorded;
    }
}
