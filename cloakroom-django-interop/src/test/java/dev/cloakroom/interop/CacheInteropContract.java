package dev.cloakroom.interop;

import dev.cloakroom.session.Session;
import dev.cloakroom.session.SessionEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A real Django 3.2 and Cloakroom with SESSION_CACHE_FORMAT=django on one cache, one engine (cache or cached_db):
 * a session created on either side is read, changed and deleted on the other, with the TTL Django sets.
 */
@RequiresDjango
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CacheInteropContract {
    DjangoPeer django;
    SessionEngine cloakroom;
    SharedCache cache;
    SharedDatabase db;

    /** cache or cached_db. */
    abstract String engine();

    /** The cache both sides use, connected. */
    abstract SharedCache connectCache();

    /** Django's CACHES['default'] on {@code cache} (Cloakroom reads the same names). */
    abstract Map<String, Object> djangoCache(SharedCache cache);

    @BeforeAll
    void startBothSides() {
        cache = connectCache();
        Map<String, Object> caches = Map.of("default", djangoCache(cache));
        DjangoConfig config = DjangoConfig.of(engine()).withCaches(caches);
        Map<String, String> cloakroomSettings = new HashMap<>();
        cloakroomSettings.put("SESSION_CACHE_FORMAT", "django");
        djangoCache(cache).forEach((name, value) -> cloakroomSettings.put("CACHES_DEFAULT_" + name, value.toString()));
        if (engine().equals("cached_db")) {
            db = SharedDatabase.create(SharedDatabase.Kind.SQLITE);
            config = config.withDatabase(db.django());
            cloakroomSettings.putAll(db.cloakroom());
        }
        django = DjangoPeer.start(config);
        if (db != null) {
            django.call("migrate");
        }
        cloakroom = CloakroomSide.engine(CloakroomSide.settings(config, cloakroomSettings));
    }

    @AfterAll
    void stopBothSides() {
        for (AutoCloseable part : new AutoCloseable[] {cloakroom, django, cache, db}) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    String cacheKey(String sessionKey) {
        return django.call("cache_key", "key", sessionKey).get("cache_key").asString();
    }

    @Test
    void cacheKeysAreDjangosMakeKey() {
        String key = CloakroomSide.create(cloakroom, Map.of("a", 1L));
        String prefix = engine().equals("cache") ? "django.contrib.sessions.cache" : "django.contrib.sessions.cached_db";
        assertThat(cacheKey(key)).isEqualTo(cache.keyPrefix + ":1:" + prefix + key);
        assertThat(cache.get(cacheKey(key))).isNotNull();
    }

    @Test
    void aSessionDjangoCreatedIsReadChangedAndDeletedByCloakroom() {
        String key = django.call("create", "data", Map.of("a", 1L, "name", "caf\u00e9")).get("key").asString();
        assertThat(CloakroomSide.read(cloakroom, key)).isEqualTo(Map.of("a", 1L, "name", "caf\u00e9"));

        Session session = cloakroom.open(key);
        session.put("b", 2L);
        session.remove("a");
        session.save();
        assertThat(session.getSessionKey()).isEqualTo(key);
        assertThat(DjangoPeer.data(django.call("load", "key", key))).isEqualTo(Map.of("name", "caf\u00e9", "b", 2L));

        Session again = cloakroom.open(key);
        again.flush();
        assertThat(cache.get(cacheKey(key))).isNull();
        assertThat(django.call("load", "key", key).get("exists").asBoolean()).isFalse();
        assertThat(DjangoPeer.data(django.call("load", "key", key))).isEmpty();
    }

    @Test
    void aSessionCloakroomCreatedIsReadChangedAndDeletedByDjango() {
        String key = CloakroomSide.create(cloakroom, Map.of("a", 1L, "list", java.util.List.of(1L, "two")));
        assertThat(DjangoPeer.data(django.call("load", "key", key)))
                .isEqualTo(Map.of("a", 1L, "list", java.util.List.of(1L, "two")));

        django.call("update", "key", key, "set", Map.of("c", 3L), "delete", java.util.List.of("a"));
        assertThat(CloakroomSide.read(cloakroom, key)).isEqualTo(Map.of("list", java.util.List.of(1L, "two"), "c", 3L));

        django.call("flush", "key", key);
        assertThat(cache.get(cacheKey(key))).isNull();
        assertThat(CloakroomSide.read(cloakroom, key)).isEmpty();
    }

    @Test
    void everyValueTypeTravelsBothWays() {
        String fromDjango = django.call("create", "data", DbInteropContract.everyValueType()).get("key").asString();
        String fromCloakroom = CloakroomSide.create(cloakroom, DbInteropContract.everyValueType());

        assertThat(CloakroomSide.read(cloakroom, fromDjango)).isEqualTo(DbInteropContract.everyValueType());
        assertThat(DjangoPeer.data(django.call("load", "key", fromCloakroom)))
                .isEqualTo(DbInteropContract.everyValueType());
    }

    @Test
    void ttlsAreTheOnesDjangoSets() {
        String fromDjango = django.call("create", "data", Map.of("a", 1L)).get("key").asString();
        String fromCloakroom = CloakroomSide.create(cloakroom, Map.of("a", 1L));
        assertThat(cache.ttl(cacheKey(fromDjango))).isCloseTo(DjangoConfig.TWO_WEEKS, within(5L));
        assertThat(cache.ttl(cacheKey(fromCloakroom))).isCloseTo(DjangoConfig.TWO_WEEKS, within(5L));

        String shortByDjango = django.call("create", "data", Map.of("a", 1L), "expiry", 600).get("key").asString();
        Session shortByCloakroom = cloakroom.open(null);
        shortByCloakroom.put("a", 1L);
        shortByCloakroom.setExpiry(600);
        shortByCloakroom.save();
        assertThat(cache.ttl(cacheKey(shortByDjango))).isCloseTo(600L, within(5L));
        assertThat(cache.ttl(cacheKey(shortByCloakroom.getSessionKey()))).isCloseTo(600L, within(5L));
        assertThat(django.call("load", "key", shortByCloakroom.getSessionKey()).get("expiry_age").asLong())
                .isCloseTo(600L, within(5L));
        assertThat(cloakroom.open(shortByDjango).getExpiryAge()).isCloseTo(600L, within(5L));
    }

    @Test
    void aKeyCycledOnOneSideIsTheSessionOnTheOther() {
        String key = django.call("create", "data", Map.of("user", "alice")).get("key").asString();
        Session session = cloakroom.open(key);
        session.cycleKey();
        session.save();
        String cycled = session.getSessionKey();
        assertThat(cycled).isNotEqualTo(key);
        assertThat(DjangoPeer.data(django.call("load", "key", cycled))).isEqualTo(Map.of("user", "alice"));
        assertThat(django.call("load", "key", key).get("exists").asBoolean()).isFalse();

        String again = django.call("cycle", "key", cycled).get("key").asString();
        assertThat(CloakroomSide.read(cloakroom, again)).isEqualTo(Map.of("user", "alice"));
        assertThat(CloakroomSide.read(cloakroom, cycled)).isEmpty();
    }

    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
