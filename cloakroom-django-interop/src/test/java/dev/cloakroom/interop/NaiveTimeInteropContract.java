package dev.cloakroom.interop;

import dev.cloakroom.session.Session;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.zone.ZoneOffsetTransition;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * USE_TZ=False with TIME_ZONE=America/Chicago, as Django 3.2 projects run by default: {@code expire_date} is
 * naive local wall-clock time, and a lifetime is added to the wall clock. The lifetime here always spans the
 * zone's next daylight-saving change, so a side that added exact seconds in UTC would be an hour off.
 */
abstract class NaiveTimeInteropContract extends SharedTableTestBase {
    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    private static final DateTimeFormatter SQLITE_TEXT = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss").optionalStart()
            .appendFraction(ChronoField.MICRO_OF_SECOND, 0, 6, true).optionalEnd().toFormatter();

    /** Two days past the zone's next daylight-saving change, from when the class starts. */
    final long lifetime = lifetimeAcrossNextDstChange();

    private static long lifetimeAcrossNextDstChange() {
        Instant now = Instant.now();
        ZoneOffsetTransition next = CHICAGO.getRules().nextTransition(now);
        return Duration.between(now, next.getInstant()).plusDays(2).getSeconds();
    }

    @Override
    DjangoConfig configure(DjangoConfig defaults) {
        return defaults.withNaiveTime(CHICAGO.getId()).withCookieAge(lifetime);
    }

    @Test
    void aLifetimeAcrossADstChangeEndsAtTheSameLocalTimeOnBothSides() throws SQLException {
        LocalDateTime before = LocalDateTime.now(CHICAGO);
        String fromDjango = django.call("create", "data", Map.of("a", 1L)).get("key").asString();
        String fromCloakroom = CloakroomSide.create(cloakroom, Map.of("a", 1L));
        LocalDateTime after = LocalDateTime.now(CHICAGO);

        // the precondition that makes this test mean something: wall clock and exact seconds differ here
        LocalDateTime wallClock = before.plusSeconds(lifetime);
        LocalDateTime exact = LocalDateTime.ofInstant(before.atZone(CHICAGO).toInstant().plusSeconds(lifetime), CHICAGO);
        assertThat(Duration.between(wallClock, exact).abs()).isEqualTo(Duration.ofHours(1));

        for (String key : List.of(fromDjango, fromCloakroom)) {
            assertThat(localExpireDate(key)).as(key)
                    .isAfterOrEqualTo(before.plusSeconds(lifetime).withNano(0))
                    .isBeforeOrEqualTo(after.plusSeconds(lifetime + 1));
        }
        assertThat(CloakroomSide.read(cloakroom, fromDjango)).containsEntry("a", 1L);
        assertThat(DjangoPeer.data(django.call("load", "key", fromCloakroom))).containsEntry("a", 1L);
    }

    @Test
    void expiryIsReadInTheLocalZoneOnBothSides() {
        String djangoLive = djangoSession(120);
        String djangoDead = djangoSession(-30);
        String cloakroomLive = cloakroomSession(120);
        String cloakroomDead = cloakroomSession(-30);

        assertThat(CloakroomSide.read(cloakroom, djangoLive)).containsEntry("x", 1L);
        assertThat(CloakroomSide.read(cloakroom, djangoDead)).isEmpty();
        assertThat(DjangoPeer.data(django.call("load", "key", cloakroomLive))).containsEntry("x", 1L);
        assertThat(DjangoPeer.data(django.call("load", "key", cloakroomDead))).isEmpty();
    }

    @Test
    void clearingOnEitherSideRemovesExactlyTheLocallyExpiredRows() {
        String djangoLive = djangoSession(120);
        djangoSession(-30);
        String cloakroomLive = cloakroomSession(120);
        cloakroomSession(-30);

        assertThat(cloakroom.clearExpired()).hasValue(2);
        assertThat(db.column("SELECT session_key FROM django_session"))
                .containsExactlyInAnyOrder(djangoLive, cloakroomLive);

        cloakroomSession(-30);
        djangoSession(-30);
        django.call("clearsessions");
        assertThat(db.column("SELECT session_key FROM django_session"))
                .containsExactlyInAnyOrder(djangoLive, cloakroomLive);
    }

    private String djangoSession(int expiry) {
        return django.call("create", "data", Map.of("x", 1L), "expiry", expiry).get("key").asString();
    }

    private String cloakroomSession(int expiry) {
        Session session = cloakroom.open(null);
        session.put("x", 1L);
        session.setExpiry(expiry);
        session.save();
        return session.getSessionKey();
    }

    /** The row's expire_date as Chicago wall-clock time, however this database keeps it. */
    private LocalDateTime localExpireDate(String key) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet row = s.executeQuery("SELECT expire_date FROM django_session WHERE session_key = '" + key
                     + "'")) {
            assertThat(row.next()).isTrue();
            return switch (kind()) {
                case SQLITE -> LocalDateTime.parse(row.getString(1), SQLITE_TEXT);
                case MARIADB -> row.getObject(1, LocalDateTime.class);
                case POSTGRESQL -> row.getObject(1, OffsetDateTime.class).atZoneSameInstant(CHICAGO)
                        .toLocalDateTime();
            };
        }
    }
}
