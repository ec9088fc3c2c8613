package dev.cloakroom.engine;

import dev.cloakroom.codec.SessionCodec;
import dev.cloakroom.codec.ValueConverter;
import dev.cloakroom.session.SessionBackend;
import dev.cloakroom.settings.ImproperlyConfiguredException;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.store.StoredSessionBackend;
import dev.cloakroom.store.cache.CacheSessionStore;
import dev.cloakroom.store.cookie.SignedCookieBackend;
import dev.cloakroom.store.file.FileSessionStore;

import java.time.Clock;
import java.time.Duration;
import java.util.ServiceLoader;

/** Builds the {@link SessionEngine} that SESSION_ENGINE names. */
public final class SessionEngines {
    private SessionEngines() {
    }

    public static SessionEngine create(SessionSettings settings) {
        return create(settings, Clock.systemUTC());
    }

    /**
     * @throws ImproperlyConfiguredException when the engine is unknown or cannot be set up with these settings
     */
    public static SessionEngine create(SessionSettings settings, Clock clock) {
        EngineContext context = new EngineContext(settings, clock);
        try {
            SessionBackend backend = backendFor(settings.engine(), context);
            return new SessionEngine(backend, context.expiryPolicy(), new ValueConverter(), context.clearExpired(),
                    context.resources());
        } catch (RuntimeException e) {
            new SessionEngine(null, null, null, null, context.resources()).close();
            throw e;
        }
    }

    private static SessionBackend backendFor(String engine, EngineContext context) {
        SessionSettings settings = context.settings();
        switch (engine) {
            case "file": {
                FileSessionStore store = new FileSessionStore(settings.filePath(), settings.cookieName(),
                        context.expiryPolicy(), context.sessionCodec());
                context.onClose(store);
                StoredSessionBackend backend = stored("file", store, context);
                context.clearExpiredWith(backend::clearExpired);
                return backend;
            }
            case "cache": {
                CacheSessionStore store = new CacheSessionStore(context.cache(settings.cacheAlias()),
                        CacheSessionStore.KEY_PREFIX, context.clock());
                context.clearExpiredWith(() -> 0L);
                return stored("cache", store, context);
            }
            case "signed_cookies":
                context.clearExpiredWith(() -> 0L);
                return new SignedCookieBackend(context.codec(SessionCodec.SIGNED_COOKIES_SALT),
                        Duration.ofSeconds(settings.cookieAge()));
            default:
                return fromProvider(engine, context);
        }
    }

    /** A server-side backend over {@code store}, sharing the context's codec, expiry policy and keys. */
    public static StoredSessionBackend stored(String name, dev.cloakroom.store.SessionStore store,
            EngineContext context) {
        return new StoredSessionBackend(name, store, context.sessionCodec(), context.expiryPolicy(), context.keys());
    }

    private static SessionBackend fromProvider(String engine, EngineContext context) {
        for (SessionEngineProvider provider : ServiceLoader.load(SessionEngineProvider.class)) {
            if (provider.engineNames().contains(engine)) {
                return provider.create(engine, context);
            }
        }
        if (engine.contains(".")) {
            SessionEngineProvider provider = instantiate(engine);
            return provider.create(engine, context);
        }
        throw new ImproperlyConfiguredException("SESSION_ENGINE", "engine '" + engine
                + "' is not available; is its module (cloakroom-jdbc for db and cached_db) on the classpath?");
    }

    private static SessionEngineProvider instantiate(String className) {
        try {
            Class<?> type = Class.forName(className);
            if (!SessionEngineProvider.class.isAssignableFrom(type)) {
                throw new ImproperlyConfiguredException("SESSION_ENGINE",
                        className + " does not implement " + SessionEngineProvider.class.getName());
            }
            return (SessionEngineProvider) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new ImproperlyConfiguredException("SESSION_ENGINE", "cannot instantiate " + className + ": " + e);
        }
    }
}
