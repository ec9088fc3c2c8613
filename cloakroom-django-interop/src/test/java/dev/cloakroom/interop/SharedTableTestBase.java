package dev.cloakroom.interop;

import dev.cloakroom.session.SessionEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * A test class over one {@link SharedTable}: started once for the class on {@link #kind()} with
 * {@link #configure} applied to the db engine's settings, emptied before each test, released after the last.
 */
@RequiresDjango
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SharedTableTestBase {
    SharedTable shared;
    SharedDatabase db;
    DjangoPeer django;
    SessionEngine cloakroom;

    abstract SharedDatabase.Kind kind();

    /** The settings both sides share, from the db engine's defaults; unchanged unless a class overrides it. */
    DjangoConfig configure(DjangoConfig defaults) {
        return defaults;
    }

    @BeforeAll
    void startBothSides() {
        shared = SharedTable.start(kind(), this::configure);
        db = shared.db;
        django = shared.django;
        cloakroom = shared.cloakroom;
    }

    @AfterAll
    void stopBothSides() {
        if (shared != null) {
            shared.close();
        }
    }

    @BeforeEach
    void emptyTable() {
        shared.clear();
    }
}
