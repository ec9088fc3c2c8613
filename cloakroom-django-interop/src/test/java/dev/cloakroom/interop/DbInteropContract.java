package dev.cloakroom.interop;

import tools.jackson.databind.JsonNode;
import dev.cloakroom.session.Session;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The db engine and Django 3.2 on one {@code django_session} table, each case both ways: what one side
 * writes, the other reads, changes, expires and deletes. One database per class, migrated by Django.
 */
abstract class DbInteropContract extends SharedTableTestBase {

    /** Every JSON value type, with the floats and integers that trip up a careless port. */
    static Map<String, Object> everyValueType() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("text", "Zoë ☃ 😀 \"quoted\" back\\slash\ttab");
        data.put("empty", "");
        data.put("int", -42L);
        data.put("beyond 2^63", new BigInteger("36893488147419103233"));
        data.put("below -2^63", new BigInteger("-9223372036854775809"));
        data.put("tenth", 0.1);
        data.put("huge", 1e300);
        data.put("negative zero", -0.0);
        data.put("smallest subnormal", 5e-324);
        data.put("true", true);
        data.put("false", false);
        data.put("none", null);
        data.put("list", Arrays.asList(1L, "two", 3.5, null, List.of()));
        data.put("nested", Map.of("a", Map.of("b", List.of(Map.of("c", "deep")))));
        data.put("ключ", "значение");
        return data;
    }

    @Test
    void everyValueTypeDjangoWritesCloakroomReads() {
        String key = django.call("create", "data", everyValueType()).get("key").asString();

        assertThat(CloakroomSide.read(cloakroom, key)).isEqualTo(everyValueType());
    }

    @Test
    void everyValueTypeCloakroomWritesDjangoReads() {
        String key = CloakroomSide.create(cloakroom, everyValueType());

        JsonNode loaded = django.call("load", "key", key);
        assertThat(loaded.get("key").asString()).isEqualTo(key);
        assertThat(DjangoPeer.data(loaded)).isEqualTo(everyValueType());
    }

    static Map<String, Object> largeSession() {
        Map<String, Object> data = new LinkedHashMap<>();
        List<Object> orders = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            orders.add(Map.of("id", (long) i, "sku", "SKU-" + (i * 7919 % 10007), "qty", (long) (i % 5 + 1)));
        }
        data.put("orders", orders);
        return data;
    }

    @Test
    void aSessionOverTenKilobytesIsCompressedAndReadBothWays() {
        String fromDjango = django.call("create", "data", largeSession()).get("key").asString();
        String fromCloakroom = CloakroomSide.create(cloakroom, largeSession());

        assertThat(DjangoPeer.JSON.valueToTree(largeSession()).toString().length()).isGreaterThan(10_000);
        for (String key : List.of(fromDjango, fromCloakroom)) {
            String stored = db.column("SELECT session_data FROM django_session WHERE session_key = '" + key + "'")
                    .get(0);
            assertThat(stored).as("zlib-compressed, as the leading dot says").startsWith(".");
        }
        assertThat(CloakroomSide.read(cloakroom, fromDjango)).isEqualTo(largeSession());
        assertThat(DjangoPeer.data(django.call("load", "key", fromCloakroom))).isEqualTo(largeSession());
    }

    @Test
    void anIntegerCustomExpiryIsHonouredBothWays() {
        String fromDjango = django.call("create", "data", Map.of("a", 1L), "expiry", 600).get("key").asString();
        Session session = cloakroom.open(null);
        session.put("a", 1L);
        session.setExpiry(600);
        session.save();

        Session readByCloakroom = cloakroom.open(fromDjango);
        assertThat(readByCloakroom.get("a")).isEqualTo(1L);
        assertThat(readByCloakroom.getExpiryAge()).isEqualTo(600);
        assertThat(readByCloakroom.getExpireAtBrowserClose()).isFalse();
        JsonNode readByDjango = django.call("load", "key", session.getSessionKey());
        assertThat(readByDjango.get("expiry_age").asLong()).isEqualTo(600);
        assertThat(readByDjango.get("expire_at_browser_close").asBoolean()).isFalse();
        assertThat(secondsUntilExpiry(fromDjango)).isBetween(590L, 601L);
        assertThat(secondsUntilExpiry(session.getSessionKey())).isBetween(590L, 601L);
    }

    @Test
    void browserCloseExpiryIsHonouredBothWays() {
        String fromDjango = django.call("create", "data", Map.of("a", 1L), "expiry", 0).get("key").asString();
        Session session = cloakroom.open(null);
        session.put("a", 1L);
        session.setExpiry(0);
        session.save();

        assertThat(cloakroom.open(fromDjango).getExpireAtBrowserClose()).isTrue();
        assertThat(django.call("load", "key", session.getSessionKey()).get("expire_at_browser_close").asBoolean())
                .isTrue();
    }

    @Test
    void aChangeOnOneSideIsSeenByTheOther() {
        String key = django.call("create", "data", Map.of("cart", List.of(1L))).get("key").asString();

        Session session = cloakroom.open(key);
        session.put("cart", List.of(1L, 2L));
        session.save();
        assertThat(DjangoPeer.data(django.call("load", "key", key))).isEqualTo(Map.of("cart", List.of(1L, 2L)));

        django.call("update", "key", key, "set", Map.of("cart", List.of(1L, 2L, 3L)));
        assertThat(CloakroomSide.read(cloakroom, key)).isEqualTo(Map.of("cart", List.of(1L, 2L, 3L)));
    }

    @Test
    void aKeyCycledOnOneSideMovesTheSessionForTheOther() {
        String key = django.call("create", "data", Map.of("user", "alice")).get("key").asString();
        Session session = cloakroom.open(key);
        session.cycleKey();
        String cycled = session.getSessionKey();

        assertThat(cycled).isNotEqualTo(key);
        assertThat(DjangoPeer.data(django.call("load", "key", cycled))).isEqualTo(Map.of("user", "alice"));
        assertThat(django.call("load", "key", key).get("exists").asBoolean()).isFalse();

        String again = django.call("cycle", "key", cycled).get("key").asString();
        assertThat(CloakroomSide.read(cloakroom, again)).isEqualTo(Map.of("user", "alice"));
        assertThat(cloakroom.open(cycled).exists(cycled)).isFalse();
    }

    @Test
    void aFlushOnOneSideIsSeenByTheOther() {
        String fromDjango = django.call("create", "data", Map.of("a", 1L)).get("key").asString();
        String fromCloakroom = CloakroomSide.create(cloakroom, Map.of("b", 2L));

        Session flushed = cloakroom.open(fromDjango);
        flushed.load();
        flushed.flush();
        django.call("flush", "key", fromCloakroom);

        JsonNode djangoView = django.call("load", "key", fromDjango);
        assertThat(djangoView.get("exists").asBoolean()).isFalse();
        assertThat(DjangoPeer.data(djangoView)).isEmpty();
        assertThat(djangoView.get("key").isNull()).as("Django drops a key it cannot find").isTrue();
        Session cloakroomView = cloakroom.open(fromCloakroom);
        assertThat(cloakroomView.asMap()).isEmpty();
        assertThat(cloakroomView.exists(fromCloakroom)).isFalse();
        assertThat(db.column("SELECT COUNT(*) FROM django_session")).containsExactly("0");
    }

    @Test
    void cloakroomsClearExpiredRemovesExactlyDjangosExpiredRows() {
        List<String> live = List.of(djangoSession(600), djangoSession(null));
        djangoSession(-100);
        djangoSession(-5);

        OptionalLong removed = cloakroom.clearExpired();

        assertThat(removed).hasValue(2);
        assertThat(db.column("SELECT session_key FROM django_session")).containsExactlyInAnyOrderElementsOf(live);
    }

    @Test
    void djangosClearsessionsRemovesExactlyCloakroomsExpiredRows() {
        List<String> live = List.of(cloakroomSession(600), cloakroomSession(null));
        cloakroomSession(-100);
        cloakroomSession(-5);

        django.call("clearsessions");

        assertThat(db.column("SELECT session_key FROM django_session")).containsExactlyInAnyOrderElementsOf(live);
    }

    @Test
    void anExpiredRowIsLoadedByNeitherSide() {
        String fromDjango = djangoSession(-100);
        String fromCloakroom = cloakroomSession(-100);

        assertThat(cloakroom.open(fromDjango).asMap()).isEmpty();
        JsonNode djangoView = django.call("load", "key", fromCloakroom);
        assertThat(DjangoPeer.data(djangoView)).isEmpty();
        assertThat(djangoView.get("key").isNull()).isTrue();
    }

    private String djangoSession(Integer expiry) {
        return expiry == null ? django.call("create", "data", Map.of("x", 1L)).get("key").asString()
                : django.call("create", "data", Map.of("x", 1L), "expiry", expiry).get("key").asString();
    }

    private String cloakroomSession(Integer expiry) {
        Session session = cloakroom.open(null);
        session.put("x", 1L);
        if (expiry != null) {
            session.setExpiry(expiry);
        }
        session.save();
        return session.getSessionKey();
    }

    /** Seconds from now to the row's expire_date, as the database itself computes it. */
    long secondsUntilExpiry(String key) {
        String sql = switch (kind()) {
            case SQLITE -> "SELECT CAST(strftime('%s', expire_date) AS INTEGER) - CAST(strftime('%s', 'now') AS INTEGER)";
            case POSTGRESQL -> "SELECT CAST(EXTRACT(EPOCH FROM expire_date - now()) AS BIGINT)";
            case MARIADB -> "SELECT TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(6), expire_date)";
        };
        return Long.parseLong(db.column(sql + " FROM django_session WHERE session_key = '" + key + "'").get(0));
    }
}
