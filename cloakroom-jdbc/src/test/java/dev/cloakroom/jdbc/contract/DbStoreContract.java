package dev.cloakroom.jdbc.contract;

import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.jdbc.TableName;
import dev.cloakroom.jdbc.schema.SchemaMigrator;
import dev.cloakroom.jdbc.support.IsolatedDatabase;
import dev.cloakroom.jdbc.support.RequiresDatabase;
import dev.cloakroom.jdbc.support.TestDatabase;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.testkit.SessionStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

/**
 * The testkit's store contract on SESSION_ENGINE=db, on the database the subclass's {@link RequiresDatabase}
 * names, in a namespace of the class's own (SQLite file, PostgreSQL schema, MariaDB database) holding
 * Django's real {@code django_session} table. Ground truth is read and corrupted with plain SQL on a
 * connection of its own, behind the store's back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DbStoreContract extends SessionStoreContract {
    protected static final String TABLE = TableName.DJANGO_DEFAULT;

    protected IsolatedDatabase db;

    protected TestDatabase database() {
        return TestDatabase.requiredBy(getClass());
    }

    @BeforeAll
    void openNamespaceAndMigrate() {
        db = new IsolatedDatabase(database());
        SchemaMigrator.migrateConfigured(dbSettings().build());
    }

    @AfterAll
    void dropNamespace() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    /** Every test starts from an empty table, as Django's TestCase does. */
    @BeforeEach
    void emptyTable() throws SQLException {
        db.execute("DELETE FROM " + TABLE);
    }

    /** Django's test secret plus this class's database. */
    private SessionSettings.Builder dbSettings() {
        return db.connect(super.settingsBuilder());
    }

    @Override
    protected SessionSettings.Builder settingsBuilder() {
        return dbSettings().engine("db");
    }

    @Override
    protected SessionEngine createEngine(SessionSettings settings, Clock clock) {
        return SessionEngines.create(settings, clock);
    }

    /** The row's session_data, expired or not: what is stored, not what the store would serve. */
    @Override
    protected Optional<String> rawStoredData(String key) {
        try (Connection c = db.connect();
                PreparedStatement select = c.prepareStatement(
                        "SELECT session_data FROM " + TABLE + " WHERE session_key = ?")) {
            select.setString(1, key);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the row of " + key, e);
        }
    }

    /** Overwrites the row's session_data with text no codec decodes, keeping its expire_date. */
    @Override
    protected boolean corruptStoredData(String key) {
        try (Connection c = db.connect();
                PreparedStatement update = c.prepareStatement(
                        "UPDATE " + TABLE + " SET session_data = ? WHERE session_key = ?")) {
            update.setString(1, "garbage: not a session");
            update.setString(2, key);
            if (update.executeUpdate() != 1) {
                throw new AssertionError("no row to corrupt under " + key);
            }
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("corrupting the row of " + key, e);
        }
    }
}
