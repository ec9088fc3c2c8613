package dev.cloakroom.settings;

import java.util.List;

/**
 * The names of the settings {@link SessionSettings} models, spelled as in Django's settings module, and the rule
 * for which other names count as Cloakroom settings when read from the environment or system properties.
 */
final class SettingNames {
    public static final String SESSION_ACCEPT_LEGACY_FORMATS = "SESSION_ACCEPT_LEGACY_FORMATS";
    public static final String SESSION_CACHE_ALIAS = "SESSION_CACHE_ALIAS";
    public static final String SESSION_CACHE_FORMAT = "SESSION_CACHE_FORMAT";
    public static final String SESSION_CACHE_BREAKER_FAILURES = "SESSION_CACHE_BREAKER_FAILURES";
    public static final String SESSION_CACHE_BREAKER_RETRY = "SESSION_CACHE_BREAKER_RETRY";
    public static final String SESSION_CACHE_BREAKER_SLOW_FAILURE = "SESSION_CACHE_BREAKER_SLOW_FAILURE";
    public static final String SESSION_COOKIE_AGE = "SESSION_COOKIE_AGE";
    public static final String SESSION_COOKIE_DOMAIN = "SESSION_COOKIE_DOMAIN";
    public static final String SESSION_COOKIE_HTTPONLY = "SESSION_COOKIE_HTTPONLY";
    public static final String SESSION_COOKIE_NAME = "SESSION_COOKIE_NAME";
    public static final String SESSION_COOKIE_PARTITIONED = "SESSION_COOKIE_PARTITIONED";
    public static final String SESSION_COOKIE_PATH = "SESSION_COOKIE_PATH";
    public static final String SESSION_COOKIE_SAMESITE = "SESSION_COOKIE_SAMESITE";
    public static final String SESSION_COOKIE_SECURE = "SESSION_COOKIE_SECURE";
    public static final String SESSION_ENGINE = "SESSION_ENGINE";
    public static final String SESSION_EXPIRE_AT_BROWSER_CLOSE = "SESSION_EXPIRE_AT_BROWSER_CLOSE";
    public static final String SESSION_FILE_PATH = "SESSION_FILE_PATH";
    public static final String SESSION_SAVE_EVERY_REQUEST = "SESSION_SAVE_EVERY_REQUEST";
    public static final String SESSION_SERIALIZER = "SESSION_SERIALIZER";
    public static final String SESSION_SERIALIZER_ALLOWED_CLASSES = "SESSION_SERIALIZER_ALLOWED_CLASSES";
    public static final String SESSION_TRUSTED_TYPES = "SESSION_TRUSTED_TYPES";
    public static final String SECRET_KEY = "SECRET_KEY";
    public static final String SECRET_KEY_FALLBACKS = "SECRET_KEY_FALLBACKS";
    public static final String USE_TZ = "USE_TZ";
    public static final String TIME_ZONE = "TIME_ZONE";
    // Limits (Cloakroom's own; Django has neither)
    public static final String SESSION_MAX_SIZE = "SESSION_MAX_SIZE";
    public static final String SESSION_ABSOLUTE_AGE = "SESSION_ABSOLUTE_AGE";

    /** Every modelled setting, in the order {@link SessionSettings#describe()} lists them. */
    public static final List<String> MODELLED = List.of(SESSION_CACHE_ALIAS, SESSION_CACHE_FORMAT,
            SESSION_CACHE_BREAKER_FAILURES, SESSION_CACHE_BREAKER_SLOW_FAILURE, SESSION_CACHE_BREAKER_RETRY,
            SESSION_COOKIE_AGE,
            SESSION_COOKIE_DOMAIN, SESSION_COOKIE_HTTPONLY, SESSION_COOKIE_NAME, SESSION_COOKIE_PATH,
            SESSION_COOKIE_SAMESITE, SESSION_COOKIE_SECURE, SESSION_COOKIE_PARTITIONED, SESSION_ENGINE,
            SESSION_EXPIRE_AT_BROWSER_CLOSE, SESSION_FILE_PATH, SESSION_SAVE_EVERY_REQUEST, SESSION_SERIALIZER, SESSION_SERIALIZER_ALLOWED_CLASSES,
            SESSION_TRUSTED_TYPES, SESSION_ACCEPT_LEGACY_FORMATS, SECRET_KEY, SECRET_KEY_FALLBACKS, USE_TZ, TIME_ZONE,
            SESSION_MAX_SIZE, SESSION_ABSOLUTE_AGE);

    private SettingNames() {
    }

    /**
     * Whether {@code name} is a Cloakroom setting: any {@code SESSION_*} name, SECRET_KEY, SECRET_KEY_FALLBACKS,
     * USE_TZ, TIME_ZONE, any {@code DATABASE_*} name, {@code CACHE_<ALIAS>_URL}, and Django's
     * {@code CACHES_<ALIAS>_<NAME>} (also spelled {@code CACHES.<alias>.<NAME>}). Only these are taken from
     * the environment and system properties, which hold much else.
     */
    public static boolean isSetting(String name) {
        return hasSuffixAfter(name, "SESSION_", "")
                || name.equals(SECRET_KEY) || name.equals(SECRET_KEY_FALLBACKS)
                || name.equals(USE_TZ) || name.equals(TIME_ZONE)
                || hasSuffixAfter(name, "DATABASE_", "")
                || hasSuffixAfter(name, "CACHE_", "_URL")
                || hasSuffixAfter(name, CacheAlias.PREFIX, "") || hasSuffixAfter(name, "CACHES.", "");
    }

    private static boolean hasSuffixAfter(String name, String prefix, String suffix) {
        return name.startsWith(prefix) && name.endsWith(suffix)
                && name.length() > prefix.length() + suffix.length();
    }
}
