package dev.cloakroom.jdbc;

import dev.cloakroom.jdbc.dialect.Dialect;
import dev.cloakroom.jdbc.dialect.TableShape;
import dev.cloakroom.jdbc.schema.SchemaMigrator;
import dev.cloakroom.ImproperlyConfiguredException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import javax.sql.DataSource;

/**
 * The start-up check of the db engine: the session table must exist, because the engine never migrates by
 * itself. A database that is down at start-up is only logged: requests fail fast until it is back.
 */
final class SessionTableCheck {
    private static final Logger LOG = LoggerFactory.getLogger(SessionTableCheck.class);

    private SessionTableCheck() {
    }

    /**
     * @throws ImproperlyConfiguredException when the table is missing, telling the user to run migrate
     * @throws dev.cloakroom.jdbc.schema.SchemaMismatchException when a table of that name is no session table
     */
    static void requireTable(DataSource dataSource, Dialect dialect, TableName table, String where) {
        SchemaMigrator migrator = new SchemaMigrator(dataSource, dialect, table);
        Optional<TableShape> shape;
        try {
            shape = migrator.inspect();
        } catch (DatabaseUnavailableException e) {
            LOG.warn("Session database {} is unavailable at start-up; sessions fail until it is back: {}", where,
                    e.getMessage());
            return;
        }
        if (shape.isEmpty()) {
            throw new ImproperlyConfiguredException(DbSettings.TABLE, "the session table " + table
                    + " does not exist in " + where + "; create it with: bin/cloakroom migrate");
        }
        migrator.requireSessionColumns(shape.get());
    }
}
