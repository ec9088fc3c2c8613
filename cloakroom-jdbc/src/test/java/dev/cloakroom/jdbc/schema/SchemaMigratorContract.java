package dev.cloakroom.jdbc.schema;

import com.zaxxer.hikari.HikariDataSource;
import dev.cloakroom.jdbc.TableName;
import dev.cloakroom.jdbc.support.DatabaseTestBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The migrator against Django's own DDL (reference section 4) on one database, using Django's real table name
 * inside the test's private namespace.
 */
abstract class SchemaMigratorContract extends DatabaseTestBase {
    static final TableName TABLE = TableName.djangoDefault();

    HikariDataSource pool;
    SchemaMigrator migrator;

    /** The statements Django's migration runs here, verbatim from the reference. */
    abstract List<String> djangosDdl();

    /** The schema Django's DDL leaves behind, as {@link #schemaSnapshot()} describes it. */
    abstract List<String> djangosSchema();

    /** Columns, keys and indexes of django_session, one line each, in a stable order. */
    abstract List<String> schemaSnapshot(Connection connection) throws SQLException;

    /**
     * A ledger as current Django creates it here (a big-integer identity key, where Django 3.2, whose DDL
     * the migrator itself uses, made a plain integer one): the migrator must use a ledger it did not create.
     */
    abstract String djangoMigrationsDdl();

    /** Columns of django_migrations with their types, one line each, in a stable order. */
    abstract List<String> ledgerColumns(Connection connection) throws SQLException;

    /** The columns Django 3.2's recorder gives django_migrations here, as {@link #ledgerColumns} lists them. */
    abstract List<String> djangosLedgerColumns();

    /** Django's index names here, in creation order. */
    abstract List<String> djangosIndexNames();

    @BeforeAll
    void createPool() {
        pool = db.pool(TABLE);
        migrator = new SchemaMigrator(pool, db.dialect(), TABLE);
    }

    @BeforeEach
    void dropTable() throws SQLException {
        db.execute("DROP TABLE IF EXISTS " + db.dialect().quote(TABLE.name()),
                "DROP TABLE IF EXISTS " + db.dialect().quote("django_migrations"));
    }

    @Test
    void createsDjangosSchemaOnAnEmptyDatabase() throws SQLException {
        MigrationResult result = migrator.migrate();

        assertThat(result.tableCreated()).isTrue();
        assertThat(result.createdIndexes()).containsExactlyElementsOf(djangosIndexNames());
        assertThat(result.description()).startsWith("Created table django_session and ")
                .contains(djangosIndexNames())
                .endsWith("; recorded migration sessions.0001_initial in a new django_migrations");
        assertThat(snapshot()).containsExactlyElementsOf(djangosSchema());
    }

    @Test
    void createsDjangosLedgerOnAnEmptyDatabaseSoDjangosMigrateSkipsTheTable() throws SQLException {
        MigrationResult result = migrator.migrate();

        assertThat(result.ledgerCreated()).isTrue();
        assertThat(result.migrationRecorded()).isTrue();
        try (Connection c = db.connect()) {
            assertThat(ledgerColumns(c)).containsExactlyElementsOf(djangosLedgerColumns());
            assertThat(lines(c, "SELECT " + concat("app", "'.'", "name") + " FROM django_migrations"))
                    .containsExactly("sessions.0001_initial");
            assertThat(lines(c, "SELECT COUNT(*) FROM django_migrations WHERE applied IS NOT NULL"))
                    .containsExactly("1");
        }
    }

    @Test
    void recordsATableCreatedWithoutALedger() throws SQLException {
        db.execute(djangosDdl().toArray(String[]::new));

        MigrationResult result = migrator.migrate();

        assertThat(result.tableCreated()).isFalse();
        assertThat(result.ledgerCreated()).isTrue();
        assertThat(result.description())
                .isEqualTo("Table django_session already in place; recorded migration sessions.0001_initial in a new "
                        + "django_migrations");
        try (Connection c = db.connect()) {
            assertThat(lines(c, "SELECT name FROM django_migrations")).containsExactly("0001_initial");
        }
    }

    @Test
    void aTableUnderAnotherNameIsNotDjangosMigration() throws SQLException {
        TableName other = TableName.of("app_sessions");
        db.execute("DROP TABLE IF EXISTS " + db.dialect().quote(other.name()));
        MigrationResult result = new SchemaMigrator(pool, db.dialect(), other).migrate();

        assertThat(result.migrationRecorded()).isFalse();
        assertThat(result.ledgerCreated()).isFalse();
        try (Connection c = db.connect()) {
            assertThat(db.dialect().inspect(c, TableName.of("django_migrations"))).isEmpty();
        }
        db.execute("DROP TABLE " + db.dialect().quote(other.name()));
    }

    @Test
    void migratingTwiceIsANoOp() throws SQLException {
        migrator.migrate();
        List<String> afterFirst = snapshot();

        MigrationResult second = migrator.migrate();

        assertThat(second.nothingToDo()).isTrue();
        assertThat(second.description()).isEqualTo("Table django_session already in place");
        assertThat(snapshot()).isEqualTo(afterFirst);
    }

    @Test
    void recognisesATableDjangoCreated() throws SQLException {
        db.execute(djangoMigrationsDdl());
        db.execute(djangosDdl().toArray(String[]::new));
        db.execute("INSERT INTO django_migrations (app, name, applied) VALUES ('sessions', '0001_initial', "
                + "CURRENT_TIMESTAMP)");

        MigrationResult result = migrator.migrate();

        assertThat(result.nothingToDo()).isTrue();
        assertThat(result.description()).isEqualTo("Table django_session already in place");
        assertThat(snapshot()).containsExactlyElementsOf(djangosSchema());
    }

    @Test
    void addsTheIndexesATableLacks() throws SQLException {
        db.execute(djangoMigrationsDdl());
        db.execute(djangosDdl().get(0));

        MigrationResult result = migrator.migrate();

        assertThat(result.tableCreated()).isFalse();
        assertThat(result.createdIndexes()).containsExactlyElementsOf(djangosIndexNames());
        assertThat(result.description()).startsWith("Table django_session already in place; created missing index");
        assertThat(snapshot()).containsExactlyElementsOf(djangosSchema());
    }

    @Test
    void recordsTheTableAsDjangosMigrationWhereDjangoKeepsItsLedger() throws SQLException {
        db.execute(djangoMigrationsDdl());

        MigrationResult first = migrator.migrate();
        MigrationResult second = migrator.migrate();

        assertThat(first.migrationRecorded()).isTrue();
        assertThat(first.ledgerCreated()).isFalse();
        assertThat(first.description()).endsWith("; recorded migration sessions.0001_initial in django_migrations");
        assertThat(second.nothingToDo()).isTrue();
        try (Connection c = db.connect()) {
            assertThat(lines(c, "SELECT " + concat("app", "'.'", "name") + " FROM django_migrations"))
                    .containsExactly("sessions.0001_initial");
        }
    }

    @Test
    void leavesARecordedMigrationAlone() throws SQLException {
        db.execute(djangoMigrationsDdl());
        db.execute(djangosDdl().toArray(String[]::new));
        db.execute("INSERT INTO django_migrations (app, name, applied) VALUES ('sessions', '0001_initial', "
                + "CURRENT_TIMESTAMP)");

        MigrationResult result = migrator.migrate();

        assertThat(result.nothingToDo()).isTrue();
        try (Connection c = db.connect()) {
            assertThat(lines(c, "SELECT name FROM django_migrations")).containsExactly("0001_initial");
        }
    }

    @Test
    void refusesATableOfThatNameWithOtherColumns() throws SQLException {
        db.execute("CREATE TABLE " + db.dialect().quote(TABLE.name()) + " (id integer NOT NULL PRIMARY KEY, "
                + "session_data text)");
        List<String> before = snapshot();

        assertThatThrownBy(migrator::migrate).isInstanceOf(SchemaMismatchException.class)
                .hasMessageContaining("django_session exists but is not a Django session table")
                .hasMessageContaining("no expire_date, session_key column")
                .hasMessageContaining("DATABASE_TABLE");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void inspectSeesNoTableBeforeMigrationAndDjangosColumnsAfter() {
        assertThat(migrator.inspect()).isEmpty();

        migrator.migrate();

        assertThat(migrator.inspect()).hasValueSatisfying(shape -> assertThat(shape.columns())
                .containsExactlyInAnyOrderElementsOf(SchemaMigrator.REQUIRED_COLUMNS));
    }

    private List<String> snapshot() throws SQLException {
        try (Connection c = db.connect()) {
            return schemaSnapshot(c);
        }
    }

    private String concat(String... parts) {
        return database() == dev.cloakroom.jdbc.support.TestDatabase.MARIADB
                ? "CONCAT(" + String.join(", ", parts) + ")" : String.join(" || ", parts);
    }

    static List<String> lines(Connection c, String sql) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            while (rows.next()) {
                lines.add(rows.getString(1));
            }
        }
        return lines;
    }
}
