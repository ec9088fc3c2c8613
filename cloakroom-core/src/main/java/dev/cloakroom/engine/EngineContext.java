package dev.cloakroom.engine;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.codec.SessionCodec;
import dev.cloakroom.session.ExpiryPolicy;
import dev.cloakroom.session.SessionKeys;
import dev.cloakroom.settings.ImproperlyConfiguredException;
import dev.cloakroom.settings.SessionSettings;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.LongSupplier;

/** What an engine is built from: the settings, the clock, and the shared pieces every engine uses. */
public final class EngineContext {
    /** The cache every alias falls back to when it names no URL: Django's default, a per-process cache. */
    static final String DEFAULT_CACHE_URL = "local:";

    private final SessionSettings settings;
    private final Clock clock;
    private final ExpiryPolicy expiryPolicy;
    private final SessionKeys keys;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Map<String, CacheBackend> caches = new HashMap<>();
    private LongSupplier clearExpired;

    EngineContext(SessionSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.expiryPolicy = new ExpiryPolicy(settings.cookieAge(), settings.expireAtBrowserClose(),
                settings.useTz(), settings.timeZone(), clock);
        this.keys = new SessionKeys();
    }

    public SessionSettings settings() {
        return settings;
    }

    public Clock clock() {
        return clock;
    }

    public ExpiryPolicy expiryPolicy() {
        return expiryPolicy;
    }

    public SessionKeys keys() {
        return keys;
    }

    /** The codec for db, cached_db and file data (Django's {@code SessionStore} salt). */
    public SessionCodec sessionCodec() {
        return codec(SessionCodec.SESSION_STORE_SALT);
    }

    public SessionCodec codec(String salt) {
        return SessionCodec.fromSettings(settings, salt, clock);
    }

    /**
     * The cache named {@code alias}, connected on first use: its URL is the setting
     * {@code CACHE_<ALIAS>_URL} ({@code local:}, {@code redis://host:port/db}, {@code memcached://host:port});
     * the {@code default} alias falls back to a local in-process cache, as Django's does.
     */
    public CacheBackend cache(String alias) {
        return caches.computeIfAbsent(alias, this::connectCache);
    }

    /** Registers a resource to close when the engine closes. */
    public void onClose(AutoCloseable resource) {
        resources.add(resource);
    }

    /** Registers how the engine removes expired sessions. */
    public void clearExpiredWith(LongSupplier action) {
        this.clearExpired = action;
    }

    List<AutoCloseable> resources() {
        return resources;
    }

    LongSupplier clearExpired() {
        return clearExpired;
    }

    /** The name of the setting holding the URL of cache {@code alias}. */
    public static String cacheUrlSetting(String alias) {
        return "CACHE_" + alias.toUpperCase(Locale.ROOT).replace('-', '_') + "_URL";
    }

    private CacheBackend connectCache(String alias) {
        String setting = cacheUrlSetting(alias);
        String url = settings.raw(setting).orElse("default".equals(alias) ? DEFAULT_CACHE_URL : null);
        if (url == null || url.isBlank()) {
            throw new ImproperlyConfiguredException("SESSION_CACHE_ALIAS",
                    "no cache '" + alias + "' is configured; set " + setting);
        }
        int colon = url.indexOf(':');
        String scheme = colon < 0 ? url : url.substring(0, colon);
        for (CacheBackendProvider provider : ServiceLoader.load(CacheBackendProvider.class)) {
            if (provider.schemes().contains(scheme)) {
                CacheBackend cache = provider.create(url, clock);
                onClose(cache);
                return cache;
            }
        }
        throw new ImproperlyConfiguredException(setting, "no cache backend for scheme '" + scheme
                + "' is on the classpath (local: is built in; redis and memcached need their modules)");
    }
}
