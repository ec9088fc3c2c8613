package dev.cloakroom.jdbc.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A test class on the database its {@link RequiresDatabase} names, in a namespace of its own for the
 * class's lifetime.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DatabaseTestBase {
    protected IsolatedDatabase db;

    protected TestDatabase database() {
        return TestDatabase.requiredBy(getClass());
    }

    @BeforeAll
    void openNamespace() {
        db = new IsolatedDatabase(database());
    }

    @AfterAll
    void dropNamespace() throws Exception {
        if (db != null) {
            db.close();
        }
    }
}
