package dev.cloakroom.store.cache;

import dev.cloakroom.ImproperlyConfiguredException;
import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.local.LocalCacheBackend;
import dev.cloakroom.python.PickleReader;
import dev.cloakroom.python.PickleWriter;
import dev.cloakroom.session.Session;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionCacheFormat;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.testsupport.MutableClock;
import dev.cloakroom.testsupport.SecurityLogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SESSION_CACHE_FORMAT=django on the local cache: Django's keys, Django's pickled dicts, entries Python wrote
 * read and changed, hostile ones refused.
 */
class DjangoCacheFormatTest {
    private static final String KEY = "abcdefghijklmnopqrstuvwxyz012345";
    /** {@code pickle.dumps({'count': 41, 'name': 'café', '_session_expiry': 600}, 4)} by CPython 3.11. */
    private static final String PYTHON_SESSION =
            "80049533000000000000007d94288c05636f756e74944b298c046e616d65948c05636166c3a9948c0f5f73657373696f6e5f657870697279944d5802752e";
    /** A pickle whose {@code __reduce__} returns {@code (os.system, ('true',))}. */
    private static final String OS_SYSTEM =
            "8004951f000000000000008c05706f736978948c0673797374656d9493948c047472756594859452942e";

    private final MutableClock clock = MutableClock.atEpochSecond(1_700_000_000);
    private final LocalCacheBackend cache = new LocalCacheBackend(clock);
    private SessionEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private SessionEngine engine(SessionSettings.Builder settings) {
        engine = SessionEngines.builder(settings.build()).clock(clock).cache("default", cache).build();
        return engine;
    }

    private static SessionSettings.Builder django() {
        return SessionSettings.builder().secretKey("django-insecure-test").engine("cache")
                .cacheFormat(SessionCacheFormat.DJANGO);
    }

    @Test
    void aSessionIsThePickledDictUnderDjangosKeyWithTheSessionsLifetime() {
        Session session = engine(django()).open(null);
        session.put("count", 1);
        session.put("name", "caf\u00e9");
        session.save();
        String entry = cache.get(":1:django.contrib.sessions.cache" + session.getSessionKey()).orElseThrow();
        assertThat(PickleReader.read(entry.getBytes(StandardCharsets.ISO_8859_1)))
                .isEqualTo(Map.of("count", 1L, "name", "caf\u00e9"));
        assertThat(entry.charAt(1)).as("the local cache pickles as LocMemCache does, at HIGHEST_PROTOCOL").isEqualTo((char) 5);
        clock.advance(Duration.ofSeconds(SessionSettings.builder().secretKey("x").build().cookieAge() - 1));
        assertThat(cache.get(":1:django.contrib.sessions.cache" + session.getSessionKey())).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.get(":1:django.contrib.sessions.cache" + session.getSessionKey())).isEmpty();
    }

    @Test
    void keysAreMadeAsDjangosMakeKeyMakesThem() {
        Session session = engine(django().raw("CACHES_DEFAULT_BACKEND", "django.core.cache.backends.locmem.LocMemCache")
                .raw("CACHES_DEFAULT_KEY_PREFIX", "shop").raw("CACHES_DEFAULT_VERSION", "3")).open(null);
        session.put("a", 1);
        session.save();
        assertThat(cache.get("shop:3:django.contrib.sessions.cache" + session.getSessionKey())).isPresent();
        String entry = cache.get("shop:3:django.contrib.sessions.cache" + session.getSessionKey()).orElseThrow();
        assertThat(entry.charAt(1)).as("LocMemCache pickles at HIGHEST_PROTOCOL").isEqualTo((char) 5);
    }

    @Test
    void cloakroomsOwnEntriesFollowMakeKeyToo() {
        Session session = engine(django().cacheFormat(SessionCacheFormat.CLOAKROOM)
                .raw("CACHES_DEFAULT_KEY_PREFIX", "shop")).open(null);
        session.put("a", 1);
        session.save();
        assertThat(cache.get("shop:1:cloakroom.sessions.cache" + session.getSessionKey())).isPresent();
    }

    @Test
    void anEntryPythonWroteIsReadChangedAndWrittenBack() {
        String cacheKey = ":1:django.contrib.sessions.cache" + KEY;
        cache.set(cacheKey, latin1(PYTHON_SESSION), Duration.ofSeconds(600));
        Session session = engine(django()).open(KEY);
        assertThat(session.get("count", Long.class)).isEqualTo(41L);
        assertThat(session.get("name")).isEqualTo("caf\u00e9");
        session.put("count", 42);
        session.save();
        assertThat(session.getSessionKey()).isEqualTo(KEY);
        assertThat(PickleReader.read(cache.get(cacheKey).orElseThrow().getBytes(StandardCharsets.ISO_8859_1)))
                .isEqualTo(Map.of("count", 42L, "name", "caf\u00e9", "_session_expiry", 600L));
        clock.advance(Duration.ofSeconds(600));
        assertThat(cache.get(cacheKey)).as("the TTL is the session's own _session_expiry, as Django sets it").isEmpty();
    }

    @Test
    void valuesBeyondJsonAreReadAsJsonWouldHoldThem() {
        // pickle.dumps({'t': (1, 2), 's': {1}, 'b': b'ab'}, 4)
        cache.set(":1:django.contrib.sessions.cache" + KEY, latin1(
                "80049522000000000000007d94288c0174944b014b0286948c0173948f94284b01908c0162944302616294752e"),
                Duration.ofSeconds(600));
        Session session = engine(django()).open(KEY);
        assertThat(session.get("t")).isEqualTo(java.util.List.of(1L, 2L));
        assertThat(session.get("s")).isEqualTo(java.util.List.of(1L));
        assertThat(session.get("b")).isEqualTo("YWI=");
    }

    @Test
    void aHostilePickleIsAnEmptySessionAndASecurityLogLine() {
        cache.set(":1:django.contrib.sessions.cache" + KEY, latin1(OS_SYSTEM), Duration.ofSeconds(600));
        try (SecurityLogCapture log = SecurityLogCapture.start()) {
            assertThat(engine(django()).open(KEY).asMap()).isEmpty();
            assertThat(log.warnings()).singleElement().asString()
                    .startsWith("Session cache entry refused: Pickle refused: STACK_GLOBAL");
        }
    }

    @Test
    void entriesThatAreNoSessionDictAreRefused() {
        SessionEngine sessions = engine(django());
        for (String entry : new String[] {"42", latin1("80044e2e"), new String(PickleWriter.write(Map.of(1L, 2L), 4),
                StandardCharsets.ISO_8859_1), "garbage"}) {
            cache.set(":1:django.contrib.sessions.cache" + KEY, entry, Duration.ofSeconds(600));
            try (SecurityLogCapture log = SecurityLogCapture.start()) {
                assertThat(sessions.open(KEY).asMap()).isEmpty();
                assertThat(log.warnings()).singleElement().asString().startsWith("Session cache entry refused");
            }
        }
    }

    @Test
    void concurrentSavesOnADjangoEntryMerge() {
        String cacheKey = ":1:django.contrib.sessions.cache" + KEY;
        cache.set(cacheKey, latin1(PYTHON_SESSION), Duration.ofSeconds(600));
        SessionEngine sessions = engine(django());
        Session first = sessions.open(KEY);
        Session second = sessions.open(KEY);
        first.get("count");
        second.get("count");
        first.put("a", 1);
        first.save();
        second.put("b", 2);
        second.save();
        @SuppressWarnings("unchecked")
        Map<Object, Object> stored = (Map<Object, Object>) PickleReader.read(
                cache.get(cacheKey).orElseThrow().getBytes(StandardCharsets.ISO_8859_1));
        assertThat(stored).containsEntry("a", 1L).containsEntry("b", 2L).containsEntry("count", 41L);
    }

    @Test
    void cachedDbServesADjangoEntryAndDropsAHostileOne() {
        CacheSessionStore truth = new CacheSessionStore(new LocalCacheBackend(clock), "truth:", clock);
        SessionSettings settings = django().build();
        dev.cloakroom.codec.SessionCodec plain = dev.cloakroom.codec.SessionCodec.fromSettings(settings,
                dev.cloakroom.codec.SessionCodec.SESSION_STORE_SALT, clock, dev.cloakroom.settings.SessionValueTypes.none());
        CachingSessionStore caching = new CachingSessionStore(truth,
                CacheEntryFormat.django(cache, ":1:django.contrib.sessions.cached_db", plain, 4), clock);
        String cacheKey = ":1:django.contrib.sessions.cached_db" + KEY;
        cache.set(cacheKey, latin1(PYTHON_SESSION), Duration.ofSeconds(600));
        Optional<dev.cloakroom.store.SessionRecord> served = caching.load(KEY);
        assertThat(served).isPresent();
        assertThat(plain.decode(served.get().data())).containsEntry("count", 41L);

        cache.set(cacheKey, latin1(OS_SYSTEM), Duration.ofSeconds(600));
        try (SecurityLogCapture log = SecurityLogCapture.start()) {
            assertThat(caching.load(KEY)).as("nothing in the store of record").isEmpty();
            assertThat(log.warnings()).anyMatch(line -> line.startsWith("Session cache entry refused"));
        }
        assertThat(cache.get(cacheKey)).as("the hostile entry is dropped").isEmpty();
    }

    @Test
    void theDjangoFormatNeedsJsonAndACacheThatHoldsDjangosValues() {
        assertThatThrownBy(() -> django().serializer(dev.cloakroom.settings.SerializerChoice.JAVA)
                .serializerAllowedClasses(java.util.List.of("java.lang.String")).build())
                .isInstanceOfSatisfying(ImproperlyConfiguredException.class,
                        e -> assertThat(e.setting()).isEqualTo("SESSION_CACHE_FORMAT"));
        CacheBackend textOnly = new CacheBackend() {
            public Optional<String> get(String key) { return Optional.empty(); }
            public void set(String key, String value, Duration ttl) { }
            public boolean add(String key, String value, Duration ttl) { return true; }
            public CasResult compareAndSet(String key, String expected, String value, Duration ttl) {
                return CasResult.ABSENT;
            }
            public boolean delete(String key) { return false; }
        };
        assertThatThrownBy(() -> SessionEngines.builder(django().build()).clock(clock).cache("default", textOnly).build())
                .isInstanceOfSatisfying(ImproperlyConfiguredException.class,
                        e -> assertThat(e.setting()).isEqualTo("SESSION_CACHE_FORMAT"));
    }

    private static String latin1(String hex) {
        return new String(HexFormat.of().parseHex(hex), StandardCharsets.ISO_8859_1);
    }
}
