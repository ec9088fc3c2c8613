package dev.cloakroom.settings;

import dev.cloakroom.ImproperlyConfiguredException;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One cache of Django's {@code CACHES} setting, as Cloakroom reads it: {@code CACHES_<ALIAS>_BACKEND},
 * {@code _LOCATION}, {@code _KEY_PREFIX}, {@code _VERSION} and {@code _TIMEOUT} (in a properties file also
 * {@code CACHES.<alias>.<NAME>}), or the shorthand {@code CACHE_<ALIAS>_URL}. The backend names are Django's
 * ({@value #DJANGO_REDIS}, {@value #DJANGO_REDIS_PACKAGE}, {@value #PYMEMCACHE}, {@value #LOCMEM}) and become the
 * URL of a Cloakroom cache backend.
 *
 * <p>Keys are made as Django's default {@code make_key} makes them, {@code KEY_PREFIX:VERSION:key}, with the
 * shorthand too (KEY_PREFIX and VERSION then take Django's defaults, empty and 1). TIMEOUT is Django's default
 * entry lifetime; sessions never use it, because Django's session engines, like Cloakroom's, give every entry the
 * session's own lifetime. It is read and checked so that a settings file written for Django means the same here.
 *
 * @param alias     the alias, as SESSION_CACHE_ALIAS names it
 * @param url       the URL of the Cloakroom cache backend
 * @param keyPrefix KEY_PREFIX, default empty
 * @param version   VERSION, default 1
 * @param timeout   TIMEOUT in seconds; empty for None (never expire); default 300
 * @param pickleProtocol the pickle protocol Django's backend for this cache writes: 4 (django-redis's
 *                  {@code pickle.DEFAULT_PROTOCOL}) or 5 ({@code pickle.HIGHEST_PROTOCOL}, Django's own backends)
 */
public record CacheAlias(String alias, String url, String keyPrefix, long version, OptionalLong timeout,
        int pickleProtocol) {
    /** Django 4.0's Redis backend. */
    public static final String DJANGO_REDIS = "django.core.cache.backends.redis.RedisCache";
    /** django-redis's backend, what Django 3.2 uses for Redis. */
    public static final String DJANGO_REDIS_PACKAGE = "django_redis.cache.RedisCache";
    /** Django's Memcached backend on pymemcache (3.2 and later). */
    public static final String PYMEMCACHE = "django.core.cache.backends.memcached.PyMemcacheCache";
    /** Django's in-process cache. */
    public static final String LOCMEM = "django.core.cache.backends.locmem.LocMemCache";

    static final String PREFIX = "CACHES_";
    /** The names of one cache's settings, longest first so that KEY_PREFIX is not read as PREFIX. */
    static final List<String> NAMES = List.of("KEY_PREFIX", "LOCATION", "BACKEND", "VERSION", "TIMEOUT");
    private static final long DEFAULT_TIMEOUT = 300;

    /** {@code make_key}'s text before the key: {@code KEY_PREFIX:VERSION:}. */
    public String makeKeyPrefix() {
        return keyPrefix + ":" + version + ":";
    }

    /** The name of a setting of cache {@code alias}: {@code CACHES_<ALIAS>_<NAME>}. */
    public static String settingName(String alias, String name) {
        return PREFIX + upper(alias) + "_" + name;
    }

    /** The name of the shorthand URL setting of cache {@code alias}. */
    public static String urlSettingName(String alias) {
        return "CACHE_" + upper(alias) + "_URL";
    }

    /**
     * The cache {@code alias} as the settings configure it, or empty when they name none (the {@code default}
     * alias then means the local cache, as in Django).
     *
     * @throws ImproperlyConfiguredException naming the setting when a value is unusable, or when both the
     *         shorthand URL and a BACKEND are given
     */
    public static Optional<CacheAlias> fromSettings(SessionSettings settings, String alias) {
        Optional<String> backend = settings.raw(settingName(alias, "BACKEND"));
        Optional<String> shorthand = settings.raw(urlSettingName(alias)).filter(url -> !url.isBlank());
        String keyPrefix = settings.raw(settingName(alias, "KEY_PREFIX")).orElse("");
        long version = settings.raw(settingName(alias, "VERSION"))
                .map(text -> SettingValues.parseLong(settingName(alias, "VERSION"), text)).orElse(1L);
        OptionalLong timeout = timeout(alias, settings.raw(settingName(alias, "TIMEOUT")));
        Optional<String> location = settings.raw(settingName(alias, "LOCATION"));
        if (backend.isPresent() && shorthand.isPresent()) {
            throw new ImproperlyConfiguredException(settingName(alias, "BACKEND"), "both it and "
                    + urlSettingName(alias) + " configure cache '" + alias + "'; set one of them");
        }
        if (backend.isEmpty() && location.isPresent()) {
            throw new ImproperlyConfiguredException(settingName(alias, "LOCATION"), "needs "
                    + settingName(alias, "BACKEND") + " to say what kind of cache it is");
        }
        if (shorthand.isPresent()) {
            String url = shorthand.get().trim();
            int protocol = url.startsWith("redis") ? 4 : 5;
            return Optional.of(new CacheAlias(alias, url, keyPrefix, version, timeout, protocol));
        }
        if (backend.isEmpty()) {
            return "default".equals(alias)
                    ? Optional.of(new CacheAlias(alias, "local:", keyPrefix, version, timeout, 5))
                    : Optional.empty();
        }
        String name = backend.get().trim();
        String where = location.orElse("").trim();
        switch (name) {
            case DJANGO_REDIS, DJANGO_REDIS_PACKAGE -> {
                if (!where.startsWith("redis://") && !where.startsWith("rediss://")) {
                    throw new ImproperlyConfiguredException(settingName(alias, "LOCATION"), "must be one"
                            + " redis:// or rediss:// URL for " + name + ", was '" + hidePassword(where) + "'");
                }
                if (where.contains(",") || where.contains(";") || where.contains(" ")) {
                    throw new ImproperlyConfiguredException(settingName(alias, "LOCATION"), "names several"
                            + " Redis servers; Cloakroom reads and writes one");
                }
                return Optional.of(new CacheAlias(alias, where, keyPrefix, version, timeout,
                        DJANGO_REDIS_PACKAGE.equals(name) ? 4 : 5));
            }
            case PYMEMCACHE -> {
                List<String> servers = SettingValues.parseList(where.replace(';', ','));
                if (servers.isEmpty() || where.contains("/")) {
                    throw new ImproperlyConfiguredException(settingName(alias, "LOCATION"), "must list"
                            + " Memcached servers as host:port, separated by ';' or ',', was '" + where + "'");
                }
                return Optional.of(new CacheAlias(alias, "memcached://" + String.join(",", servers), keyPrefix,
                        version, timeout, 5));
            }
            case LOCMEM -> {
                return Optional.of(new CacheAlias(alias, "local:", keyPrefix, version, timeout, 5));
            }
            default -> throw new ImproperlyConfiguredException(settingName(alias, "BACKEND"), "'" + name
                    + "' is not a cache backend Cloakroom knows; use " + DJANGO_REDIS_PACKAGE + ", " + DJANGO_REDIS
                    + ", " + PYMEMCACHE + " or " + LOCMEM + " (or " + urlSettingName(alias) + ")");
        }
    }

    /**
     * Checks the raw setting {@code name}, if it is one of a cache's: a known name, and a VERSION and TIMEOUT
     * that are numbers. Called at start-up for every raw setting.
     */
    static void check(String name, String value) {
        if (!name.startsWith(PREFIX)) {
            return;
        }
        String rest = name.substring(PREFIX.length());
        for (String known : NAMES) {
            if (rest.endsWith("_" + known) && rest.length() > known.length() + 1) {
                String alias = rest.substring(0, rest.length() - known.length() - 1);
                if (known.equals("VERSION")) {
                    SettingValues.parseLong(name, value);
                } else if (known.equals("TIMEOUT")) {
                    timeout(alias, Optional.of(value));
                }
                return;
            }
        }
        throw new ImproperlyConfiguredException(name, "is not a cache setting Cloakroom reads; a cache takes "
                + "CACHES_<ALIAS>_BACKEND, _LOCATION, _KEY_PREFIX, _VERSION and _TIMEOUT");
    }

    /**
     * {@code CACHES.<alias>.<NAME>}, the properties-file spelling, as {@code CACHES_<ALIAS>_<NAME>}; other names
     * as they are.
     */
    static String normalise(String name) {
        if (!name.startsWith("CACHES.")) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        if (dot <= "CACHES.".length()) {
            return name;
        }
        return settingName(name.substring("CACHES.".length(), dot), name.substring(dot + 1));
    }

    private static OptionalLong timeout(String alias, Optional<String> text) {
        if (text.isEmpty()) {
            return OptionalLong.of(DEFAULT_TIMEOUT);
        }
        if (SettingValues.isNone(text.get().trim())) {
            return OptionalLong.empty();
        }
        String setting = settingName(alias, "TIMEOUT");
        long seconds = SettingValues.parseLong(setting, text.get().trim());
        if (seconds < 0) {
            throw new ImproperlyConfiguredException(setting, "must not be negative, was " + seconds);
        }
        return OptionalLong.of(seconds);
    }

    private static String upper(String alias) {
        return alias.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static String hidePassword(String url) {
        int at = url.lastIndexOf('@');
        int scheme = url.indexOf("://");
        return at < 0 ? url : url.substring(0, scheme < 0 || scheme > at ? 0 : scheme + 3) + "***" + url.substring(at);
    }
}
