package dev.cloakroom.interop;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache engine on Redis with Django 3.2 through django-redis 5.2 (its pickle serializer), plus entries in
 * the shape Django 4.0's own {@code RedisCache} writes (a pickle at HIGHEST_PROTOCOL, ints as digits), crafted
 * by Python's pickle since that Django is not installable here.
 */
class RedisCacheInteropTest extends CacheInteropContract {

    @Override
    String engine() {
        return "cache";
    }

    @Override
    SharedCache connectCache() {
        return SharedCache.redis();
    }

    @Override
    Map<String, Object> djangoCache(SharedCache cache) {
        return Map.of("BACKEND", "django_redis.cache.RedisCache", "LOCATION", cache.location(),
                "KEY_PREFIX", cache.keyPrefix);
    }

    @Test
    void anEntryInDjango4RedisCachesShapeIsReadAndWrittenAlike() {
        String sessionKey = "djangofourzeroredis0123456789abc";
        String cacheKey = cache.keyPrefix + ":1:django.contrib.sessions.cache" + sessionKey;
        Map<String, Object> data = Map.of("user", "bob", "items", List.of(1L, 2L));
        byte[] pickled = HexFormat.of().parseHex(django.call("pickle_dumps", "data", data).get("hex").asString());
        assertThat(pickled[1]).as("HIGHEST_PROTOCOL").isEqualTo((byte) 5);
        ((SharedCache.RedisCache) cache).set(cacheKey, pickled, 600);

        assertThat(CloakroomSide.read(cloakroom, sessionKey)).isEqualTo(data);
        dev.cloakroom.session.Session session = cloakroom.open(sessionKey);
        session.put("seen", true);
        session.save();
        assertThat(DjangoPeer.data(django.call("pickle_loads", "hex", HexFormat.of().formatHex(cache.get(cacheKey)))))
                .isEqualTo(Map.of("user", "bob", "items", List.of(1L, 2L), "seen", true));
    }

    @Test
    void writingForDjango4RedisCacheUsesItsProtocol() {
        Map<String, String> settings = Map.of("SESSION_CACHE_FORMAT", "django",
                "CACHES_DEFAULT_BACKEND", "django.core.cache.backends.redis.RedisCache",
                "CACHES_DEFAULT_LOCATION", cache.location(), "CACHES_DEFAULT_KEY_PREFIX", cache.keyPrefix);
        try (dev.cloakroom.session.SessionEngine django4 = CloakroomSide.engine(CloakroomSide.settings(
                DjangoConfig.of("cache"), settings))) {
            String key = CloakroomSide.create(django4, Map.of("a", 1L));
            byte[] stored = cache.get(cacheKey(key));
            assertThat(stored[1]).isEqualTo((byte) 5);
            assertThat(DjangoPeer.data(django.call("pickle_loads", "hex", HexFormat.of().formatHex(stored))))
                    .isEqualTo(Map.of("a", 1L));
            assertThat(DjangoPeer.data(django.call("load", "key", key))).isEqualTo(Map.of("a", 1L));
        }
    }

    @Test
    void aHostileEntryIsAnEmptySessionOnOurSide() {
        String sessionKey = "hostilepickle0123456789abcdefghi";
        String cacheKey = cache.keyPrefix + ":1:django.contrib.sessions.cache" + sessionKey;
        // pickle.dumps of an object whose __reduce__ is (os.system, ('true',)): Django would run it, we refuse it
        ((SharedCache.RedisCache) cache).set(cacheKey, HexFormat.of().parseHex(
                "8004951f000000000000008c05706f736978948c0673797374656d9493948c047472756594859452942e"), 600);
        assertThat(CloakroomSide.read(cloakroom, sessionKey)).isEmpty();
    }
}
