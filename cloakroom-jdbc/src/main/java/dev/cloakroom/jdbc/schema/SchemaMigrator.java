package dev.cloakroom.jdbc.schema;

import com.zaxxer.hikari.HikariDataSource;
import dev.cloakroom.jdbc.DbSettings;
import dev.cloakroom.jdbc.JdbcCalls;
import dev.cloakroom.jdbc.TableName;
import dev.cloakroom.jdbc.dialect.Dialect;
import dev.cloakroom.jdbc.dialect.Dialects;
import dev.cloakroom.jdbc.dialect.IndexDefinition;
import dev.cloakroom.jdbc.dialect.TableShape;
import dev.cloakroom.jdbc.pool.PooledDataSources;
import dev.cloakroom.settings.SessionSettings;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Brings the session table to the shape Django's migration {@code sessions/0001_initial} gives it, with
 * Django's exact DDL and index names for the database at hand, so a table either side created serves both.
 * Idempotent: a table that is already complete - ours or Django's - is left alone; a missing index is
 * added; a table of that name with other columns is refused rather than altered. {@code django_session} is
 * recorded as Django's own migration in Django's {@code django_migrations}, which is created when absent, so
 * that Django's {@code manage.py migrate} can run before or after this one.
 * The engine never calls
 * this by itself; {@code bin/cloakroom migrate} does.
 */
public final class SchemaMigrator {
    /** The columns that make a table Django's session table; extra columns are tolerated. */
    public static final Set<String> REQUIRED_COLUMNS = Set.of("session_key", "session_data", "expire_date");

    private final JdbcCalls jdbc;
    private final Dialect dialect;
    private final TableName table;

    public SchemaMigrator(DataSource dataSource, Dialect dialect, TableName table) {
        this.jdbc = new JdbcCalls(dataSource);
        this.dialect = dialect;
        this.table = table;
    }

    /**
     * {@code bin/cloakroom migrate}: migrates the database and table the settings name (DATABASE_URL,
     * DATABASE_USER, DATABASE_PASSWORD, DATABASE_TABLE) through a pool opened for the occasion.
     *
     * @throws dev.cloakroom.ImproperlyConfiguredException naming a setting that is unusable
     * @throws dev.cloakroom.jdbc.DatabaseUnavailableException when the database cannot be reached
     */
    public static MigrationResult migrateConfigured(SessionSettings settings) {
        DbSettings db = DbSettings.from(settings);
        Dialect dialect = db.dialect();
        try (HikariDataSource pool = PooledDataSources.create(db, dialect)) {
            return new SchemaMigrator(pool, dialect, db.table()).migrate();
        }
    }

    /**
     * A migrator for {@code table} in the database behind an application's own DataSource (its pool, a
     * container's JNDI source), asking the database which dialect it speaks; the DataSource is not closed.
     *
     * @throws dev.cloakroom.ImproperlyConfiguredException when the database is not one the db engine supports
     * @throws dev.cloakroom.jdbc.DatabaseUnavailableException when the database cannot be reached
     */
    public static SchemaMigrator forDataSource(DataSource dataSource, TableName table) {
        return new SchemaMigrator(dataSource, Dialects.forDataSource(dataSource), table);
    }

    /** The table as it stands, or empty when it does not exist. */
    public Optional<TableShape> inspect() {
        return jdbc.run("inspecting table " + table, c -> dialect.inspect(c, table));
    }

    /**
     * Creates whatever is missing and says what it did.
     *
     * @throws SchemaMismatchException when a table of that name exists without the session columns
     */
    public MigrationResult migrate() {
        return jdbc.run("migrating table " + table, c -> {
            Optional<TableShape> shape = dialect.inspect(c, table);
            if (shape.isEmpty()) {
                List<String> indexes = dialect.indexes(table).stream().map(IndexDefinition::name).toList();
                executeInOneTransaction(c, dialect.createStatements(table));
                DjangoMigrationRecord.Outcome ledger = DjangoMigrationRecord.recordIfNeeded(c, dialect, table);
                return new MigrationResult(true, indexes, ledger.recorded(), ledger.ledgerCreated(),
                        "Created table " + table + (indexes.isEmpty() ? "" : " and " + indexList(indexes))
                                + " (" + dialect.name() + ")" + recordedNote(ledger));
            }
            requireSessionColumns(shape.get());
            List<IndexDefinition> missing = missingIndexes(shape.get());
            executeInOneTransaction(c, missing.stream().map(IndexDefinition::ddl).toList());
            DjangoMigrationRecord.Outcome ledger = DjangoMigrationRecord.recordIfNeeded(c, dialect, table);
            List<String> names = missing.stream().map(IndexDefinition::name).toList();
            return new MigrationResult(false, names, ledger.recorded(), ledger.ledgerCreated(),
                    "Table " + table + " already in place"
                    + (names.isEmpty() ? "" : "; created missing " + indexList(names)) + recordedNote(ledger));
        });
    }

    /**
     * @throws SchemaMismatchException when {@code shape} lacks a session column
     */
    public void requireSessionColumns(TableShape shape) {
        Set<String> absent = new TreeSet<>(REQUIRED_COLUMNS);
        absent.removeAll(shape.columns());
        if (!absent.isEmpty()) {
            throw new SchemaMismatchException("Table " + table + " exists but is not a Django session table: it has no "
                    + String.join(", ", absent) + " column; set DATABASE_TABLE to another table or drop this one");
        }
    }

    private List<IndexDefinition> missingIndexes(TableShape shape) {
        List<IndexDefinition> missing = new ArrayList<>();
        for (IndexDefinition index : dialect.indexes(table)) {
            boolean present = shape.indexFirstColumns().containsKey(index.name())
                    || (index.anyIndexOnColumnServes() && shape.hasIndexLeadingWith(index.column()));
            if (!present) {
                missing.add(index);
            }
        }
        return missing;
    }

    private static String recordedNote(DjangoMigrationRecord.Outcome outcome) {
        if (!outcome.recorded()) {
            return "";
        }
        return "; recorded migration " + DjangoMigrationRecord.APP + "." + DjangoMigrationRecord.NAME + " in "
                + (outcome.ledgerCreated() ? "a new " : "") + DjangoMigrationRecord.LEDGER.name();
    }

    private static String indexList(List<String> names) {
        return (names.size() == 1 ? "index " : "indexes ") + String.join(", ", names);
    }

    /** Like Django's migration, all or nothing where the database has transactional DDL (not MySQL). */
    private static void executeInOneTransaction(Connection c, List<String> statements) throws SQLException {
        if (statements.isEmpty()) {
            return;
        }
        Transactions.inOne(c, connection -> {
            try (Statement statement = connection.createStatement()) {
                for (String sql : statements) {
                    statement.execute(sql);
                }
            }
            return null;
        });
    }
}
