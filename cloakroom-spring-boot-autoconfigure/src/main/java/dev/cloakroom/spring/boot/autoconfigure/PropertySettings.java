package dev.cloakroom.spring.boot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@link CloakroomProperties} that are set, as Django setting names and the text Cloakroom parses for them
 * ({@code SessionSettings.Builder.set}), each with the Spring property it came from for error messages.
 * Unset properties are left out so that the other sources of the setting still apply.
 */
final class PropertySettings {
    private PropertySettings() {
    }

    /** A setting's text and the Spring property that gave it. */
    record Value(String text, String property) {
    }

    /** The set properties, by Django name, in the order the properties class declares them. */
    static Map<String, Value> of(CloakroomProperties p) {
        Map<String, Value> values = new LinkedHashMap<>();
        put(values, "SESSION_ENGINE", p.getSessionEngine());
        put(values, "SESSION_COOKIE_AGE", p.getSessionCookieAge());
        put(values, "SESSION_COOKIE_NAME", p.getSessionCookieName());
        put(values, "SESSION_COOKIE_DOMAIN", p.getSessionCookieDomain());
        put(values, "SESSION_COOKIE_PATH", p.getSessionCookiePath());
        put(values, "SESSION_COOKIE_SECURE", p.getSessionCookieSecure());
        put(values, "SESSION_COOKIE_PARTITIONED", p.getSessionCookiePartitioned());
        put(values, "SESSION_COOKIE_HTTPONLY", p.getSessionCookieHttponly());
        put(values, "SESSION_COOKIE_SAMESITE", p.getSessionCookieSamesite());
        put(values, "SESSION_EXPIRE_AT_BROWSER_CLOSE", p.getSessionExpireAtBrowserClose());
        put(values, "SESSION_SAVE_EVERY_REQUEST", p.getSessionSaveEveryRequest());
        put(values, "SESSION_CACHE_ALIAS", p.getSessionCacheAlias());
        put(values, "SESSION_CACHE_BREAKER_FAILURES", p.getSessionCacheBreakerFailures());
        put(values, "SESSION_CACHE_BREAKER_SLOW_FAILURE", p.getSessionCacheBreakerSlowFailure());
        put(values, "SESSION_CACHE_BREAKER_RETRY", p.getSessionCacheBreakerRetry());
        put(values, "SESSION_FILE_PATH", p.getSessionFilePath());
        put(values, "SESSION_SERIALIZER", p.getSessionSerializer());
        put(values, "SESSION_SERIALIZER_ALLOWED_CLASSES", list(p.getSessionSerializerAllowedClasses()));
        put(values, "SESSION_ACCEPT_LEGACY_FORMATS", p.getSessionAcceptLegacyFormats());
        put(values, "SESSION_TRUSTED_TYPES", list(p.getSessionTrustedTypes()));
        put(values, "SECRET_KEY", p.getSecretKey());
        put(values, "SECRET_KEY_FALLBACKS", list(p.getSecretKeyFallbacks()));
        put(values, "USE_TZ", p.getUseTz());
        put(values, "TIME_ZONE", p.getTimeZone());
        // Limits
        put(values, "SESSION_MAX_SIZE", p.getSessionMaxSize());
        put(values, "SESSION_ABSOLUTE_AGE", p.getSessionAbsoluteAge());
        put(values, "DATABASE_URL", p.getDatabaseUrl());
        put(values, "DATABASE_USER", p.getDatabaseUser());
        put(values, "DATABASE_PASSWORD", p.getDatabasePassword());
        put(values, "DATABASE_TABLE", p.getDatabaseTable());
        put(values, "DATABASE_CONNECT_TIMEOUT", p.getDatabaseConnectTimeout());
        put(values, "DATABASE_POOL_SIZE", p.getDatabasePoolSize());
        put(values, "CACHE_DEFAULT_URL", p.getCacheDefaultUrl());
        put(values, "SESSION_CACHE_FORMAT", p.getSessionCacheFormat());
        put(values, "CACHES_DEFAULT_BACKEND", p.getCachesDefaultBackend());
        put(values, "CACHES_DEFAULT_LOCATION", p.getCachesDefaultLocation());
        put(values, "CACHES_DEFAULT_KEY_PREFIX", p.getCachesDefaultKeyPrefix());
        put(values, "CACHES_DEFAULT_VERSION", p.getCachesDefaultVersion());
        put(values, "CACHES_DEFAULT_TIMEOUT", p.getCachesDefaultTimeout());
        if (p.getCaches() != null) {
            p.getCaches().forEach((alias, cache) -> {
                if (cache != null) {
                    cache.forEach((name, value) -> {
                        if (value != null) {
                            String django = name.toUpperCase(Locale.ROOT).replace('-', '_');
                            values.put(dev.cloakroom.settings.CacheAlias.settingName(alias, django),
                                    new Value(value, CloakroomProperties.PREFIX + ".caches." + alias + "." + name));
                        }
                    });
                }
            });
        }
        if (p.getCacheUrls() != null) {
            p.getCacheUrls().forEach((alias, url) -> {
                if (url != null) {
                    values.put(cacheUrlSetting(alias),
                            new Value(url, CloakroomProperties.PREFIX + ".cache-urls." + alias));
                }
            });
        }
        return values;
    }

    /** {@code CACHE_<ALIAS>_URL} for an alias, upper-cased with dashes as underscores, as the core names it. */
    static String cacheUrlSetting(String alias) {
        return "CACHE_" + alias.toUpperCase(Locale.ROOT).replace('-', '_') + "_URL";
    }

    /**
     * The Spring property of a Django setting name: {@code SESSION_COOKIE_AGE} is
     * {@code cloakroom.session-cookie-age}.
     */
    static String propertyOf(String djangoName) {
        return CloakroomProperties.PREFIX + "." + djangoName.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static void put(Map<String, Value> values, String djangoName, Object value) {
        if (value != null) {
            values.put(djangoName, new Value(text(value), propertyOf(djangoName)));
        }
    }

    private static String text(Object value) {
        // Cloakroom reads True/False like Python; Boolean.toString's true/false is among the spellings it takes.
        return value.toString();
    }

    /** The comma-separated form Cloakroom reads for its two list settings. */
    private static String list(List<String> values) {
        return values == null ? null : String.join(",", values);
    }
}
