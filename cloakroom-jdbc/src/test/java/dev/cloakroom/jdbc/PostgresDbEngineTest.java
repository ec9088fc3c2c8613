package dev.cloakroom.jdbc;

import dev.cloakroom.jdbc.support.RequiresDatabase;
import dev.cloakroom.jdbc.support.TestDatabase;
import dev.cloakroom.session.Session;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.testkit.LogCapture;
import dev.cloakroom.testkit.MutableClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

@RequiresDatabase(TestDatabase.POSTGRES)
class PostgresDbEngineTest extends DbEngineContract {

    /**
     * timestamptz holds 'infinity' and '-infinity', which Python's datetime cannot: reading one failed the
     * load, and so the request, with a 500. It is corrupt data: an empty session and one security log line; the
     * next save stores its data under a fresh key, and clearing expired sessions goes on around the row.
     */
    @ParameterizedTest
    @ValueSource(strings = {"infinity", "-infinity"})
    void anInfiniteExpireDateIsReportedAndTheNextSaveStores(String infinite) throws Exception {
        try (SessionEngine engine = SessionEngines.create(settings, new MutableClock(NOW))) {
            Session session = engine.open(null);
            session.put("user", "alice");
            session.save();
            String key = session.getSessionKey();
            db.execute("UPDATE " + TABLE + " SET expire_date = '" + infinite + "'");

            Session reopened;
            try (LogCapture log = LogCapture.start()) {
                reopened = engine.open(key);
                assertThat(reopened.keys()).isEmpty();
                assertThat(log.securityWarnings()).hasSize(1);
            }
            reopened.put("user", "bob");
            reopened.save();

            assertThat(engine.open(reopened.getSessionKey()).get("user")).isEqualTo("bob");
            assertThat(engine.clearExpired()).hasValue(infinite.startsWith("-") ? 1 : 0);
        }
    }
}
