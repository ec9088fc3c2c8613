package dev.cloakroom.session;

import dev.cloakroom.ImproperlyConfiguredException;
import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.CacheBackendProvider;
import dev.cloakroom.codec.SessionCodec;
import dev.cloakroom.settings.CacheAlias;
import dev.cloakroom.settings.SessionCacheFormat;
import dev.cloakroom.cache.CircuitBreakingCacheBackend;
import dev.cloakroom.cache.local.LocalCacheBackend;
import dev.cloakroom.settings.CircuitBreakerPolicy;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.settings.SessionValueTypes;
import dev.cloakroom.spi.EngineContext;
import dev.cloakroom.store.SessionStore;
import dev.cloakroom.store.cache.CacheEntryFormat;
import dev.cloakroom.store.cache.CacheSessionStore;
import dev.cloakroom.store.cache.CachingSessionStore;
import java.util.OptionalLong;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The {@link EngineContext} the builder hands a provider: resolves cache aliases to caches, connecting each
 * once, and closes the caches it connected (not those the application supplied) when it is closed.
 */
final class ProviderContext implements EngineContext, AutoCloseable {
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
        return new CachingSessionStore(store,
                sessionEntries(CachingSessionStore.KEY_PREFIX, CacheEntryFormat.DJANGO_CACHED_DB_PREFIX), clock);
    }

    @Override
    public SessionStore cacheStore() {
        return new CacheSessionStore(
                sessionEntries(CacheSessionStore.KEY_PREFIX, CacheEntryFormat.DJANGO_CACHE_PREFIX), clock);
    }

    /**
     * The entries of sessions in the SESSION_CACHE_ALIAS cache, under {@code make_key} of the engine's prefix:
     * Cloakroom's {@code cloakroomPrefix}, or Django's {@code djangoPrefix} in Django's format.
     */
    private CacheEntryFormat sessionEntries(String cloakroomPrefix, String djangoPrefix) {
        String alias = settings.cacheAlias();
        CacheBackend cache = cache(alias);
        // A cache the application supplied has no BACKEND here; its keys still follow KEY_PREFIX and VERSION.
        CacheAlias config = CacheAlias.fromSettings(settings, alias)
                .orElse(new CacheAlias(alias, "", "", 1, OptionalLong.empty(), 4));
        if (settings.cacheFormat() == SessionCacheFormat.DJANGO) {
            CacheBackend djangoValues = cache.djangoValues().orElseThrow(() -> new ImproperlyConfiguredException(
                    "SESSION_CACHE_FORMAT", "django needs a cache that can hold Django's entries; the cache '"
                    + alias + "' (" + cache.getClass().getSimpleName() + ") cannot"));
            SessionCodec plain = SessionCodec.fromSettings(settings, SessionCodec.SESSION_STORE_SALT, clock,
                    SessionValueTypes.none());
            return CacheEntryFormat.django(djangoValues, config.makeKeyPrefix() + djangoPrefix, plain,
                    config.pickleProtocol());
        }
        return CacheEntryFormat.cloakroom(cache, config.makeKeyPrefix() + cloakroomPrefix);
    }

    @Override
    public void close() {
        SessionEngine.closeAll(connected);
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
        return new CircuitBreakingCacheBackend(cache, "cache '" + alias + "'", policy);
    }

    private CacheBackend connect(String alias) {
        Optional<CacheAlias> config = CacheAlias.fromSettings(settings, alias);
        if (config.isEmpty()) {
            throw new ImproperlyConfiguredException("SESSION_CACHE_ALIAS", "no cache '" + alias
                    + "' is configured; set " + CacheAlias.settingName(alias, "BACKEND") + " and "
                    + CacheAlias.settingName(alias, "LOCATION") + ", or " + CacheAlias.urlSettingName(alias));
        }
        String url = config.get().url();
        String setting = settings.raw(CacheAlias.settingName(alias, "BACKEND")).isPresent()
                ? CacheAlias.settingName(alias, "LOCATION") : CacheAlias.urlSettingName(alias);
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
