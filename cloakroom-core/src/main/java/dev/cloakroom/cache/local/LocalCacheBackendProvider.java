package dev.cloakroom.cache.local;

import dev.cloakroom.cache.CacheBackend;

import dev.cloakroom.cache.CacheBackendProvider;
import dev.cloakroom.ImproperlyConfiguredException;

import java.time.Clock;
import java.util.Set;

/**
 * Serves the {@code local} scheme: {@code local:} for an in-process {@link LocalCacheBackend} with the default
 * bounds, or {@code local:?maxEntries=N&maxBytes=M} to choose them (either, both, in any order). Each URL resolved gives a cache of its own, so two
 * aliases naming {@code local:} do not share entries (as two Django local-memory caches with different
 * {@code LOCATION}s do not).
 */
public final class LocalCacheBackendProvider implements CacheBackendProvider {
    private static final String SCHEME = "local";
    private static final String MAX_ENTRIES = "maxEntries";
    private static final String MAX_BYTES = "maxBytes";
    /** Errors name the setting family; the provider is not told which alias it serves. */
    private static final String SETTING = "CACHE_<ALIAS>_URL";

    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    @Override
    public CacheBackend create(String url, Clock clock) {
        return new LocalCacheBackend(clock, maxEntries(url), maxBytes(url));
    }

    /** The entry bound named in {@code url}, or the default. */
    static long maxEntries(String url) {
        return option(url, MAX_ENTRIES, LocalCacheBackend.DEFAULT_MAX_ENTRIES);
    }

    /** The byte bound named in {@code url}, or the default. */
    static long maxBytes(String url) {
        return option(url, MAX_BYTES, LocalCacheBackend.DEFAULT_MAX_BYTES);
    }

    private static long option(String url, String wanted, long fallback) {
        String prefix = SCHEME + ":";
        if (url == null || !url.startsWith(prefix)) {
            throw new ImproperlyConfiguredException(SETTING, "'" + url + "' is not a local: cache URL");
        }
        String rest = url.substring(prefix.length());
        if (rest.isEmpty()) {
            return fallback;
        }
        if (!rest.startsWith("?")) {
            throw new ImproperlyConfiguredException(SETTING, "'" + url
                    + "': a local cache takes no location, only options such as local:?maxEntries=100000");
        }
        long value = fallback;
        for (String option : rest.substring(1).split("&")) {
            if (option.isEmpty()) {
                continue;
            }
            int equals = option.indexOf('=');
            String name = equals < 0 ? option : option.substring(0, equals);
            if (!(MAX_ENTRIES.equals(name) || MAX_BYTES.equals(name)) || equals < 0) {
                throw new ImproperlyConfiguredException(SETTING, "'" + url + "': unknown option '" + option
                        + "' (a local cache knows only maxEntries=N and maxBytes=N)");
            }
            long parsed = parsePositive(url, name, option.substring(equals + 1));
            if (wanted.equals(name)) {
                value = parsed;
            }
        }
        return value;
    }

    private static long parsePositive(String url, String name, String text) {
        try {
            long value = Long.parseLong(text);
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new ImproperlyConfiguredException(SETTING, "'" + url + "': " + name + " must be a whole number of"
                + " at least 1, was '" + text + "'");
    }
}
