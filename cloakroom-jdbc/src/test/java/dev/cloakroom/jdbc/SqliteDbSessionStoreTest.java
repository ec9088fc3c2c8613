package dev.cloakroom.jdbc;

import dev.cloakroom.jdbc.support.RequiresDatabase;
import dev.cloakroom.jdbc.support.TestDatabase;
import dev.cloakroom.store.ReplaceOutcome;
import dev.cloakroom.store.SessionRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

@RequiresDatabase(TestDatabase.SQLITE)
class SqliteDbSessionStoreTest extends DbSessionStoreContract {

    /** Values SQLite keeps in a text column that read as no text, or only as text with replacement characters. */
    @ParameterizedTest
    @ValueSource(strings = {"x'ff00fe'", "CAST(x'ff00fe' AS TEXT)", "CAST('a:b' AS BLOB)", "CAST(x'0061' AS TEXT)",
            "x''"})
    void anUnreadableValueIsReplacedOnlyWhileItIsStillThere(String unreadable) throws SQLException {
        String key = keys.generate();
        store.create(key, record("data", NOW.plusSeconds(60)));
        String update = "UPDATE " + TABLE + " SET session_data = ";
        db.execute(update + unreadable);
        SessionRecord loaded = store.load(key).orElseThrow();
        assertThat(loaded.data()).startsWith("\u0000");

        db.execute(update + "x'01'");
        assertThat(store.replace(key, loaded, record("late", NOW.plusSeconds(600)))).isEqualTo(ReplaceOutcome.CONFLICT);

        db.execute(update + unreadable);
        SessionRecord good = record("good", NOW.plusSeconds(600));
        assertThat(store.replace(key, loaded, good)).isEqualTo(ReplaceOutcome.REPLACED);
        assertThat(store.load(key)).contains(good);
    }
}
