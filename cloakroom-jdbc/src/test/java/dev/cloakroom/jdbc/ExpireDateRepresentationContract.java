package dev.cloakroom.jdbc;

import dev.cloakroom.jdbc.support.Purge;

import com.zaxxer.hikari.HikariDataSource;
import dev.cloakroom.jdbc.schema.SchemaMigrator;
import dev.cloakroom.jdbc.support.DatabaseTestBase;
import dev.cloakroom.jdbc.support.TestDatabase;
import dev.cloakroom.session.Session;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.spi.EngineParts;
import dev.cloakroom.store.SessionKeys;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.testkit.MutableClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * expire_date as Django writes and reads it on each database, under USE_TZ true and false, checked with
 * plain SQL behind the store's back in both directions.
 */
abstract class ExpireDateRepresentationContract extends DatabaseTestBase {
    static final ZoneId TIME_ZONE = ZoneId.of("America/Chicago");
    static final TableName TABLE = TableName.of("sessions_time_test");
    /** Summer: Chicago is UTC-5. */
    static final Instant SUMMER = Instant.parse("2026-07-04T17:30:45.123456789Z");
    /** Winter, crossing midnight: Chicago is UTC-6. */
    static final Instant WINTER = Instant.parse("2026-01-15T03:04:05.000001Z");
    static final Instant WHOLE_SECOND = Instant.parse("2026-07-04T17:30:45Z");
    private static final DateTimeFormatter SIX_DIGITS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    final SessionKeys keys = new SessionKeys();
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    HikariDataSource pool;

    @BeforeAll
    void createTable() {
        pool = db.pool(TABLE);
        new SchemaMigrator(pool, db.dialect(), TABLE).migrate();
    }

    @BeforeEach
    void emptyTable() throws SQLException {
        db.execute("DELETE FROM " + db.dialect().quote(TABLE.name()));
    }

    DbSessionStore store(boolean useTz) {
        return new DbSessionStore(pool, db.dialect(), TABLE, useTz, TIME_ZONE, clock);
    }

    @ParameterizedTest(name = "USE_TZ={0}")
    @ValueSource(booleans = {true, false})
    void writesExpireDateAsDjangoDoes(boolean useTz) throws SQLException {
        for (Instant expiry : new Instant[] {SUMMER, WINTER, WHOLE_SECOND}) {
            String key = keys.generate();
            store(useTz).create(key, new SessionRecord("d", expiry));

            assertThat(storedAsDjangoSeesIt(key, useTz)).as("%s under USE_TZ=%s", expiry, useTz)
                    .isEqualTo(djangoText(expiry, useTz));
        }
    }

    /**
     * A session saved at noon Chicago time two weeks before winter time, with the default two-week age: Django
     * adds the age to the wall clock when naive (noon again, now CST) and to UTC when aware (an hour earlier
     * on the local clock).
     */
    @ParameterizedTest(name = "USE_TZ={0}")
    @ValueSource(booleans = {true, false})
    void aLifetimeAcrossTheChangeToWinterTimeEndsWhereDjangosDoes(boolean useTz) throws SQLException {
        clock.set(Instant.parse("2024-10-20T17:00:00Z"));
        // The core computes the expiry it writes; the engine over this store is how it does so in production.
        SessionSettings settings = SessionSettings.builder().secretKey("expire-date-test").cookieAge(1_209_600)
                .useTz(useTz).timeZone(TIME_ZONE).build();
        String key;
        try (SessionEngine engine = SessionEngines.builder(settings).clock(clock)
                .engine("db", EngineParts.store(store(useTz))).build()) {
            Session session = engine.open(null);
            session.put("d", 1);
            session.save();
            key = session.getSessionKey();
        }

        String expected = useTz ? "2024-11-03 17:00:00" : "2024-11-03 12:00:00";
        if (database() != TestDatabase.SQLITE) {
            expected += ".000000";
        }
        assertThat(storedAsDjangoSeesIt(key, useTz)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "USE_TZ={0}")
    @ValueSource(booleans = {true, false})
    void summerTimeIsStoredInTheExpectedZone(boolean useTz) throws SQLException {
        String key = keys.generate();
        store(useTz).create(key, new SessionRecord("d", SUMMER));

        String expected = useTz ? "2026-07-04 17:30:45.123456" : "2026-07-04 12:30:45.123456";
        assertThat(storedAsDjangoSeesIt(key, useTz)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "USE_TZ={0}")
    @ValueSource(booleans = {true, false})
    void loadsRowsDjangoWroteWithTheirExactExpiry(boolean useTz) throws SQLException {
        for (Instant expiry : new Instant[] {SUMMER, WINTER, WHOLE_SECOND}) {
            Instant micros = expiry.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
            String key = keys.generate();
            insertAsDjangoWould(key, "written by Django", micros, useTz);

            clock.set(micros.minusNanos(1_000));
            assertThat(store(useTz).load(key)).contains(new SessionRecord("written by Django", micros));
            clock.set(micros);
            assertThat(store(useTz).load(key)).as("expired once now reaches expire_date").isEmpty();
        }
    }

    @ParameterizedTest(name = "USE_TZ={0}")
    @ValueSource(booleans = {true, false})
    void clearExpiredComparesInDjangosRepresentation(boolean useTz) throws SQLException {
        Instant now = WHOLE_SECOND;
        String before = keys.generate();
        String at = keys.generate();
        String after = keys.generate();
        insertAsDjangoWould(before, "d", now.minusNanos(1_000), useTz);
        insertAsDjangoWould(at, "d", now, useTz);
        insertAsDjangoWould(after, "d", now.plusNanos(1_000), useTz);
        clock.set(now);

        assertThat(Purge.expired(store(useTz))).isEqualTo(1);

        DbSessionStore store = store(useTz);
        assertThat(store.exists(before)).isFalse();
        assertThat(store.exists(at)).isTrue();
        assertThat(store.exists(after)).isTrue();
    }

    /** What Django's cursor returns for the column, as text with six fractional digits (SQLite: raw text). */
    private String storedAsDjangoSeesIt(String key, boolean useTz) throws SQLException {
        String t = db.dialect().quote(TABLE.name());
        String sql;
        switch (database()) {
            case SQLITE:
                sql = "SELECT expire_date FROM " + t + " WHERE session_key = ? AND typeof(expire_date) = 'text'";
                break;
            case POSTGRES:
                sql = "SELECT to_char(expire_date::timestamp, 'YYYY-MM-DD HH24:MI:SS.US') FROM " + t
                        + " WHERE session_key = ?";
                break;
            default:
                sql = "SELECT DATE_FORMAT(expire_date, '%Y-%m-%d %H:%i:%s.%f') FROM " + t + " WHERE session_key = ?";
        }
        try (Connection c = db.connect()) {
            setDjangoConnectionZone(c, useTz);
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, key);
                try (ResultSet row = s.executeQuery()) {
                    assertThat(row.next()).as("row %s with a text expire_date", key).isTrue();
                    return row.getString(1);
                }
            }
        }
    }

    /** The row as Django inserts it: the value in Django's text form, on a connection set up as Django sets it. */
    private void insertAsDjangoWould(String key, String data, Instant expiry, boolean useTz) throws SQLException {
        String t = db.dialect().quote(TABLE.name());
        String value = database() == TestDatabase.SQLITE ? djangoText(expiry, useTz) : naive(expiry, useTz).format(SIX_DIGITS);
        String cast = "?";
        if (database() == TestDatabase.POSTGRES) {
            // psycopg sends aware values with their offset and naive ones bare, read in the connection's zone
            cast = useTz ? "CAST(? AS timestamptz)" : "CAST(? AS timestamp)";
            value = useTz ? value + "+00:00" : value;
        }
        try (Connection c = db.connect()) {
            setDjangoConnectionZone(c, useTz);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO " + t
                    + " (session_key, session_data, expire_date) VALUES (?, ?, " + cast + ")")) {
                s.setString(1, key);
                s.setString(2, data);
                s.setString(3, value);
                s.executeUpdate();
            }
        }
    }

    /** Django's PostgreSQL backend sets the connection's TimeZone to UTC under USE_TZ, else to TIME_ZONE. */
    private void setDjangoConnectionZone(Connection c, boolean useTz) throws SQLException {
        if (database() == TestDatabase.POSTGRES) {
            try (Statement s = c.createStatement()) {
                s.execute("SET TIME ZONE '" + (useTz ? "UTC" : TIME_ZONE.getId()) + "'");
            }
        }
    }

    private static LocalDateTime naive(Instant instant, boolean useTz) {
        return LocalDateTime.ofInstant(instant, useTz ? ZoneOffset.UTC : TIME_ZONE);
    }

    /** Django's text for the value: Python's str(datetime) on SQLite, six digits as the SQL above formats it elsewhere. */
    private String djangoText(Instant instant, boolean useTz) {
        LocalDateTime local = naive(instant, useTz);
        if (database() != TestDatabase.SQLITE) {
            return local.format(SIX_DIGITS);
        }
        int micros = local.getNano() / 1_000;
        return micros == 0 ? local.format(SECONDS) : local.format(SECONDS) + String.format(".%06d", micros);
    }
}
