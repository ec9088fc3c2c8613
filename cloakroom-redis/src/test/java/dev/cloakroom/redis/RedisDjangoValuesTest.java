package dev.cloakroom.redis;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.redis.support.RequiresRedis;
import dev.cloakroom.redis.support.TestRedis;
import dev.cloakroom.session.Session;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The view of Django's values on Redis: raw bytes on the server, keys in UTF-8, and the cache engine in
 * Django's format on it. The bytes are checked with a plain byte-array connection, behind the backend's back.
 */
@RequiresRedis
class RedisDjangoValuesTest {
    private final String prefix = TestRedis.uniquePrefix();
    private final RedisCacheBackend backend = TestRedis.backend(prefix);

    @AfterEach
    void cleanUp() {
        backend.close();
        TestRedis.deleteKeys(prefix);
    }

    @Test
    void everyByteReachesTheServerAsItself() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        CacheBackend djangoValues = backend.djangoValues().orElseThrow();
        djangoValues.set("k\u00e9y", new String(all, StandardCharsets.ISO_8859_1), Duration.ofMinutes(1));
        assertThat(rawGet(prefix + "k\u00e9y")).isEqualTo(all);
        assertThat(djangoValues.get("k\u00e9y")).contains(new String(all, StandardCharsets.ISO_8859_1));
        assertThat(djangoValues.compareAndSet("k\u00e9y", new String(all, StandardCharsets.ISO_8859_1), "\u00ff",
                Duration.ofMinutes(1))).isEqualTo(CacheBackend.CasResult.SWAPPED);
        assertThat(rawGet(prefix + "k\u00e9y")).containsExactly(0xff);
        assertThat(backend.djangoValues().orElseThrow()).isSameAs(djangoValues);
    }

    @Test
    void theCacheEngineInDjangosFormatWritesPicklesUnderDjangosKeys() {
        SessionSettings settings = SessionSettings.builder().secretKey("k").engine("cache")
                .set("SESSION_CACHE_FORMAT", "django")
                .raw("CACHES_DEFAULT_BACKEND", "django_redis.cache.RedisCache")
                .raw("CACHES_DEFAULT_LOCATION", TestRedis.url(prefix)).raw("CACHES_DEFAULT_KEY_PREFIX", "site").build();
        try (SessionEngine engine = SessionEngines.create(settings)) {
            Session session = engine.open(null);
            session.put("count", 7);
            session.save();
            byte[] stored = rawGet(prefix + "site:1:django.contrib.sessions.cache" + session.getSessionKey());
            // {'count': 7} at django-redis's pickle.DEFAULT_PROTOCOL, 4: PROTO 4, EMPTY_DICT, 'count', 7, SETITEM, STOP
            assertThat(HexFormat.of().formatHex(stored)).isEqualTo("80047d8c05636f756e744b07732e");
            assertThat(engine.open(session.getSessionKey()).get("count", Long.class)).isEqualTo(7L);
        }
    }

    private static byte[] rawGet(String key) {
        RedisClient client = RedisClient.create(RedisURI.builder().withHost(TestRedis.HOST).withPort(TestRedis.PORT)
                .withDatabase(TestRedis.DATABASE).build());
        try (StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE)) {
            return connection.sync().get(key.getBytes(StandardCharsets.UTF_8));
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
