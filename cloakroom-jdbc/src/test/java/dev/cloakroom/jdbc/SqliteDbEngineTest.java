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

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

@RequiresDatabase(TestDatabase.SQLITE)
class SqliteDbEngineTest extends DbEngineContract {

    /**
     * SQLite keeps a BLOB (or text that is not UTF-8) in the text column; a save compared it with a text
     * parameter, which never matched, so every save of that session retried a hundred times and failed.
     */
    @ParameterizedTest
    @ValueSource(strings = {"x'ff00fe'", "CAST(x'ff00fe' AS TEXT)", "CAST('tampered:garbage' AS BLOB)"})
    void unreadableSessionDataIsAnEmptySessionThatTheNextSaveReplaces(String unreadable) throws Exception {
        try (SessionEngine engine = SessionEngines.create(settings, new MutableClock(NOW))) {
            Session session = engine.open(null);
            session.put("user", "alice");
            session.save();
            String key = session.getSessionKey();
            db.execute("UPDATE " + TABLE + " SET session_data = " + unreadable);

            try (LogCapture log = LogCapture.start()) {
                Session reopened = engine.open(key);
                assertThat(reopened.keys()).isEmpty();
                reopened.put("user", "bob");
                reopened.save();

                assertThat(reopened.getSessionKey()).isEqualTo(key);
                assertThat(log.securityWarnings()).containsExactly("Session data corrupted");
            }
            assertThat(engine.open(key).get("user")).isEqualTo("bob");
            try (Connection c = db.connect(); Statement s = c.createStatement();
                    ResultSet row = s.executeQuery("SELECT typeof(session_data) FROM " + TABLE)) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).isEqualTo("text");
            }
        }
    }

    /**
     * SQLite orders every number before every text, so an integer or empty expire_date compared as long past:
     * the row was passed over as an expired session, with nothing on the security log. It is corrupt data: an
     * empty session, one security log line, and a save that stores the new data under a fresh key.
     */
    @ParameterizedTest
    @ValueSource(strings = {"12345", "''", "1.5", "x'00'"})
    void anExpireDateDjangoNeverWritesIsReportedAndTheNextSaveStores(String corrupt) throws Exception {
        try (SessionEngine engine = SessionEngines.create(settings, new MutableClock(NOW))) {
            Session session = engine.open(null);
            session.put("user", "alice");
            session.save();
            String key = session.getSessionKey();
            db.execute("UPDATE " + TABLE + " SET expire_date = " + corrupt);

            Session reopened;
            try (LogCapture log = LogCapture.start()) {
                reopened = engine.open(key);
                assertThat(reopened.keys()).isEmpty();
                assertThat(log.securityWarnings()).hasSize(1);
            }
            reopened.put("user", "bob");
            reopened.save();

            assertThat(engine.open(reopened.getSessionKey()).get("user")).isEqualTo("bob");
            assertThat(engine.clearExpired()).hasValue(corrupt.startsWith("x") ? 0 : 1);
        }
    }
}
