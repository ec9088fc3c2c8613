package dev.cloakroom.settings;

import dev.cloakroom.ImproperlyConfiguredException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Django's CACHES settings under Cloakroom's names, and the shorthand URL. */
class CacheAliasTest {

    private static SessionSettings.Builder base() {
        return SessionSettings.builder().secretKey("k");
    }

    private static CacheAlias alias(SessionSettings.Builder settings, String alias) {
        return CacheAlias.fromSettings(settings.build(), alias).orElseThrow();
    }

    @Test
    void djangosBackendNamesBecomeCloakroomUrls() {
        assertThat(alias(base().raw("CACHES_DEFAULT_BACKEND", "django_redis.cache.RedisCache")
                .raw("CACHES_DEFAULT_LOCATION", "redis://127.0.0.1:6379/1"), "default"))
                .isEqualTo(new CacheAlias("default", "redis://127.0.0.1:6379/1", "", 1, OptionalLong.of(300), 4));
        assertThat(alias(base().raw("CACHES_DEFAULT_BACKEND", "django.core.cache.backends.redis.RedisCache")
                .raw("CACHES_DEFAULT_LOCATION", "redis://h:6379"), "default").pickleProtocol()).isEqualTo(5);
        assertThat(alias(base().raw("CACHES_SESSIONS_BACKEND", "django.core.cache.backends.memcached.PyMemcacheCache")
                .raw("CACHES_SESSIONS_LOCATION", "10.0.0.1:11211;10.0.0.2:11211"), "sessions").url())
                .isEqualTo("memcached://10.0.0.1:11211,10.0.0.2:11211");
        assertThat(alias(base().raw("CACHES_DEFAULT_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
                "default").url()).isEqualTo("local:");
    }

    @Test
    void keyPrefixVersionAndTimeoutAreDjangos() {
        CacheAlias cache = alias(base().raw("CACHES_DEFAULT_BACKEND", "django.core.cache.backends.locmem.LocMemCache")
                .raw("CACHES_DEFAULT_KEY_PREFIX", "shop").raw("CACHES_DEFAULT_VERSION", "2")
                .raw("CACHES_DEFAULT_TIMEOUT", "None"), "default");
        assertThat(cache.makeKeyPrefix()).isEqualTo("shop:2:");
        assertThat(cache.timeout()).isEmpty();
        assertThat(alias(base(), "default").makeKeyPrefix()).isEqualTo(":1:");
    }

    @Test
    void theShorthandStays() {
        assertThat(alias(base().raw("CACHE_DEFAULT_URL", "redis://h:6379/0"), "default").url()).isEqualTo("redis://h:6379/0");
        assertThat(CacheAlias.fromSettings(base().build(), "other")).isEmpty();
    }

    @Test
    void aPropertiesFileSpellsThemAsDjangosDict(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("cloakroom.properties");
        Files.writeString(file, "SECRET_KEY=k\nCACHES.default.BACKEND=django_redis.cache.RedisCache\n"
                + "CACHES.default.LOCATION=redis://127.0.0.1:6379/2\nCACHES.default.KEY_PREFIX=site\n");
        SessionSettings settings = new SettingsLoader(Map.of("CACHES_DEFAULT_VERSION", "7"), Map.of())
                .loadSettings(Optional.of(file));
        CacheAlias cache = CacheAlias.fromSettings(settings, "default").orElseThrow();
        assertThat(cache.url()).isEqualTo("redis://127.0.0.1:6379/2");
        assertThat(cache.makeKeyPrefix()).isEqualTo("site:7:");
    }

    @Test
    void badCacheSettingsFailAtStartUpNamingTheSetting() {
        assertFails(base().raw("CACHES_DEFAULT_BACKEND", "django.core.cache.backends.db.DatabaseCache"),
                "CACHES_DEFAULT_BACKEND");
        assertFails(base().raw("CACHES_DEFAULT_BACKEND", "django_redis.cache.RedisCache")
                .raw("CACHES_DEFAULT_LOCATION", "127.0.0.1:6379"), "CACHES_DEFAULT_LOCATION");
        assertFails(base().raw("CACHES_DEFAULT_VERSION", "two"), "CACHES_DEFAULT_VERSION");
        assertFails(base().raw("CACHES_DEFAULT_TIMEOUT", "-1"), "CACHES_DEFAULT_TIMEOUT");
        assertFails(base().raw("CACHES_DEFAULT_OPTIONS", "x"), "CACHES_DEFAULT_OPTIONS");
        assertFails(base().raw("CACHES_DEFAULT_BACKEND", "django.core.cache.backends.locmem.LocMemCache")
                .raw("CACHE_DEFAULT_URL", "local:"), "CACHES_DEFAULT_BACKEND");
        assertFails(base().raw("CACHES_DEFAULT_LOCATION", "redis://h"), "CACHES_DEFAULT_LOCATION");
        assertThatThrownBy(() -> base().set("SESSION_CACHE_FORMAT", "pickle"))
                .isInstanceOfSatisfying(ImproperlyConfiguredException.class,
                        e -> assertThat(e.setting()).isEqualTo("SESSION_CACHE_FORMAT"));
    }

    @Test
    void theFormatIsReadAndDescribed() {
        SessionSettings settings = base().set("SESSION_CACHE_FORMAT", "Django").build();
        assertThat(settings.cacheFormat()).isEqualTo(SessionCacheFormat.DJANGO);
        assertThat(settings.describe()).containsEntry("SESSION_CACHE_FORMAT", "django");
        assertThat(base().build().cacheFormat()).isEqualTo(SessionCacheFormat.CLOAKROOM);
    }

    private static void assertFails(SessionSettings.Builder settings, String setting) {
        assertThatThrownBy(settings::build).isInstanceOfSatisfying(ImproperlyConfiguredException.class,
                e -> assertThat(e.setting()).isEqualTo(setting));
    }
}
