package dev.cloakroom.jdbc;

import dev.cloakroom.jdbc.support.RequiresDatabase;
import dev.cloakroom.jdbc.support.TestDatabase;
import dev.cloakroom.store.ReplaceOutcome;
import dev.cloakroom.store.SessionRecord;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@RequiresDatabase(TestDatabase.MARIADB)
class MariaDbDbSessionStoreTest extends DbSessionStoreContract {

    /** Django's utf8mb4 longtext cannot hold bytes that are not UTF-8: strict mode refuses them. */
    @Test
    void djangosTextColumnRefusesBytesThatAreNotUtf8() {
        String key = keys.generate();
        store.create(key, record("data", NOW.plusSeconds(60)));

        assertThatThrownBy(() -> db.execute("UPDATE " + TABLE + " SET session_data = x'ff00fe'"))
                .isInstanceOf(SQLException.class).hasMessageContaining("Incorrect string value");
    }

    /** A table altered by hand to keep bytes: what is no UTF-8 loads as unreadable and the next save replaces it. */
    @Test
    void bytesThatAreNotUtf8InABinaryColumnAreReplacedOnlyWhileStillThere() throws SQLException {
        TableName binary = TableName.of("sessions_binary_data");
        db.execute(db.dialect().createTable(binary).replace("`session_data` longtext", "`session_data` longblob"));
        try {
            DbSessionStore store = new DbSessionStore(pool, db.dialect(), binary, true, ZoneOffset.UTC, clock);
            String key = keys.generate();
            store.create(key, record("data", NOW.plusSeconds(60)));
            db.execute("UPDATE sessions_binary_data SET session_data = x'ff00fe'");
            SessionRecord loaded = store.load(key).orElseThrow();
            assertThat(loaded.data()).startsWith("\u0000");

            db.execute("UPDATE sessions_binary_data SET session_data = x'ff00ff'");
            assertThat(store.replace(key, loaded, record("late", NOW.plusSeconds(600))))
                    .isEqualTo(ReplaceOutcome.CONFLICT);

            db.execute("UPDATE sessions_binary_data SET session_data = x'ff00fe'");
            SessionRecord good = record("good", NOW.plusSeconds(600));
            assertThat(store.replace(key, loaded, good)).isEqualTo(ReplaceOutcome.REPLACED);
            assertThat(store.load(key)).contains(good);
        } finally {
            db.execute("DROP TABLE sessions_binary_data");
        }
    }

    /**
     * The conditional UPDATE sends the expected data beside the new data; both must fit the server's
     * max_allowed_packet (16 MiB by default) together.
     */
    @Test
    void aSessionOfSeveralMegabytesCanBeSavedOverItself() {
        String key = keys.generate();
        SessionRecord big = record("a".repeat(9 << 20), NOW.plusSeconds(60));
        assertThat(store.create(key, big)).isTrue();
        SessionRecord loaded = store.load(key).orElseThrow();

        SessionRecord bigger = record("b".repeat(9 << 20), NOW.plusSeconds(600));
        assertThat(store.replace(key, loaded, bigger)).isEqualTo(ReplaceOutcome.REPLACED);
        assertThat(store.load(key)).contains(bigger);
    }
}
