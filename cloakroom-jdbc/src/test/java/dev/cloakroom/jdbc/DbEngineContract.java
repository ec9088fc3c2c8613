package dev.cloakroom.jdbc;

import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.jdbc.schema.SchemaMigrator;
import dev.cloakroom.jdbc.support.DatabaseTestBase;
import dev.cloakroom.session.Session;
import dev.cloakroom.SessionInterruptedException;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.testkit.MutableClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SESSION_ENGINE=db end to end (settings, pool, store, the core's merging save) on one database, for what
 * the testkit's store contract does not reach: rows changed behind the engine's back. Concurrent writers are the
 * contract's (see {@code DbStoreContract}), run there on every database.
 */
abstract class DbEngineContract extends DatabaseTestBase {
    static final Instant NOW = Instant.parse("2026-05-01T08:00:00Z");
    static final String TABLE = "sessions_engine";

    SessionSettings settings;

    @BeforeAll
    void migrate() {
        settings = db.connect(SessionSettings.builder().engine("db").secretKey("django_tests_secret_key"))
                .raw("DATABASE_TABLE", TABLE).build();
        SchemaMigrator.migrateConfigured(settings);
    }

    @BeforeEach
    void emptyTheTable() throws SQLException {
        db.execute("DELETE FROM " + TABLE);
    }

    @Test
    void corruptSessionDataInARowYieldsAnEmptySession() throws Exception {
        try (SessionEngine engine = SessionEngines.create(settings, new MutableClock(NOW))) {
            Session session = engine.open(null);
            session.put("user", "alice");
            session.save();
            String key = session.getSessionKey();
            db.execute("UPDATE " + TABLE + " SET session_data = 'tampered:garbage'");

            Session reopened = engine.open(key);

            assertThat(reopened.keys()).isEmpty();
            assertThat(reopened.get("user")).isNull();
        }
    }

    @Test
    void aSessionDeletedByAnotherRequestIsNotResurrectedBySave() {
        try (SessionEngine engine = SessionEngines.create(settings, new MutableClock(NOW))) {
            Session session = engine.open(null);
            session.put("cart", 1);
            session.save();
            String key = session.getSessionKey();
            Session request = engine.open(key);
            request.put("cart", 2);
            engine.open(key).delete();

            assertThatThrownBy(request::save).isInstanceOf(SessionInterruptedException.class);
            assertThat(engine.open(key).keys()).isEmpty();
        }
    }

    /**
     * Another request saved the same data under a later expiry while this one held the session (two requests
     * that set the same values at once): this save is then made conditional on the record as it is now, and
     * stored. It used to retry against the older expiry until it gave up, answering 500 (twice in a load
     * benchmark of 124,000 requests on PostgreSQL).
     */
    @Test
    void aSaveGoesThroughWhenAnotherRequestRewroteTheSameDataUnderALaterExpiry() {
        MutableClock clock = new MutableClock(NOW);
        try (SessionEngine engine = SessionEngines.create(settings, clock)) {
            Session first = engine.open(null);
            first.put("count", 1);
            first.save();
            String key = first.getSessionKey();
            Session slow = engine.open(key);
            assertThat(slow.get("count")).isEqualTo(1L);

            // within the same second, so that the signed data, which carries a timestamp in seconds, is the same
            clock.advance(Duration.ofMillis(100));
            Session quick = engine.open(key);
            quick.put("count", 1);
            quick.save();

            clock.advance(Duration.ofMillis(100));
            slow.put("count", 2);
            slow.save();

            assertThat(slow.getSessionKey()).isEqualTo(key);
            assertThat(engine.open(key).get("count")).isEqualTo(2L);
        }
    }
}
