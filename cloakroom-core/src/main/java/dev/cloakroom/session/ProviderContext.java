package dev.cloakroom.session;

import dev.cloakroom.ImproperlyConfiguredException;
import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.CacheBackendProvider;
import dev.cloakroom.cache.CircuitBreakingCacheBackend;
import dev.cloakroom.cache.local.LocalCacheBackend;
import dev.cloakroom.settings.CircuitBreakerPolicy;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.spi.EngineContext;
import dev.cloakroom.store.SessionStore;
import dev.cloakroom.store.cache.CachingSessionStore;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The {@link EngineContext} the builder hands a provider: resolves cache aliases to caches, connecting each
 * once, and closes the caches it connected (not those the application supplied) when it is closed.
 */
final class ProviderContext implements EngineContext, AutoCloseable {
    /** What the {@code default} alias falls back to when it names no URL: Django's default, a per-process cache. */
    static final String DEFAULT_CACHE_URL = "local:";

    private final SessionSettings settings;
    private final Clock clock;
    private final Map<String, CacheBackend> caches;
    private final List<AutoCloseable> connected = new ArrayList<>();

    ProviderContext(SessionSettings settings, Clock clock, Map<String, CacheBackend> supplied) {
        this.settings = settings;
        this.clock = clock;
        this.caches = new HashMap<>(supplied);
    }

    @Override
    public SessionSettings settings() {
        return settings;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public CacheBackend cache(String alias) {
        return caches.computeIfAbsent(alias, this::connect);
    }

    @Override
    public SessionStore cachedInFront(SessionStore store) {
        return new CachingSessionStore(store, cache(settings.cacheAlias()), CachingSessionStore.KEY_PREFIX, clock);
    }

    @Override
    public void close() {
        SessionEngine.closeAll(connected);
    }

    /** The name of the setting holding the URL of cache {@code alias}. */
    static String cacheUrlSetting(String alias) {
        return "CACHE_" + alias.toUpperCase(Locale.ROOT).replace('-', '_') + "_URL";
    }

    /**
     * {@code cache} behind the circuit breaker the settings describe, so that every kind of cache stops being
     * called while it fails; caches the application supplied are its own to wrap.
     */
    private CacheBackend withBreaker(String alias, CacheBackend cache) {
        CircuitBreakerPolicy policy = settings.cacheBreaker();
        if (!policy.enabled() || cache instanceof LocalCacheBackend) {
            // An in-process cache does not go down.
            return cache;
        }
        return new CircuitBreakingCacheBackend(cache, "cache '" + alias + "'", policy, clock);
    }

    private CacheBackend connect(String alias) {
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
                connected.add(cache);
                return withBreaker(alias, cache);
            }
        }
        throw new ImproperlyConfiguredException(setting, "no cache backend for scheme '" + scheme
                + "' is on the classpath (local: is built in; redis and memcached need their modules)");
    }
}
