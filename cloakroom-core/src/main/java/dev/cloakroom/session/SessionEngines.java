package dev.cloakroom.session;

import dev.cloakroom.ImproperlyConfiguredException;
import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.codec.SessionCodec;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.settings.SessionValueTypes;
import dev.cloakroom.spi.EngineParts;
import dev.cloakroom.spi.SessionEngineProvider;
import dev.cloakroom.store.SessionKeys;
import dev.cloakroom.store.SessionStore;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * Builds {@link SessionEngine}s, every engine the same way: the {@link SessionEngineProvider} that serves the
 * engine's name (found with {@link ServiceLoader}, the built-in file, cache and signed_cookies engines like any
 * other) returns its {@link EngineParts}, and the core adds the codec, session keys, expiry rules and the
 * merging conditional save.
 *
 * <pre>{@code
 * SessionEngine engine = SessionEngines.create(SettingsLoader.load());   // the engine SESSION_ENGINE names
 * SessionEngine custom = SessionEngines.builder(settings)
 *         .engine("mine", EngineParts.store(myStore))                   // any SessionStore
 *         .build();
 * }</pre>
 */
public final class SessionEngines {
    private SessionEngines() {
    }

    /**
     * The engine SESSION_ENGINE names, on the system clock.
     *
     * @throws ImproperlyConfiguredException when the engine is unknown or cannot be set up with these settings
     */
    public static SessionEngine create(SessionSettings settings) {
        return builder(settings).build();
    }

    /** The engine SESSION_ENGINE names, reading the time from {@code clock}. */
    public static SessionEngine create(SessionSettings settings, Clock clock) {
        return builder(settings).clock(clock).build();
    }

    /** A builder for an engine with these settings. */
    public static Builder builder(SessionSettings settings) {
        return new Builder(settings);
    }

    /** Chooses what differs from the defaults, then {@link #build()}s. Not thread-safe; build once. */
    public static final class Builder {
        private final SessionSettings settings;
        private Clock clock = Clock.systemUTC();
        private final Map<String, CacheBackend> caches = new HashMap<>();
        private String engineName;
        private EngineParts parts;
        private SessionEngineProvider provider;
        private SessionValueTypes valueTypes = SessionValueTypes.none();

        private Builder(SessionSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
        }

        /** The time source (default: the system clock in UTC); tests move a clock instead of sleeping. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Uses {@code cache} for cache alias {@code alias} instead of connecting to what
         * {@code CACHE_<ALIAS>_URL} names, for an application that already holds a connected cache. The caller
         * keeps owning it: closing the engine does not close it.
         */
        public Builder cache(String alias, CacheBackend cache) {
            caches.put(Objects.requireNonNull(alias, "alias"), Objects.requireNonNull(cache, "cache"));
            return this;
        }

        /**
         * Assembles the engine over {@code parts} (for instance {@code EngineParts.store(myStore)}) instead of
         * asking the provider of SESSION_ENGINE; {@code name} is the engine's name in messages.
         */
        public Builder engine(String name, EngineParts parts) {
            this.engineName = Objects.requireNonNull(name, "name");
            this.parts = Objects.requireNonNull(parts, "parts");
            return this;
        }

        /**
         * Builds the engine SESSION_ENGINE names with {@code provider} instead of the one {@link ServiceLoader}
         * finds: for a provider that needs something only the application has (its own DataSource, say).
         */
        public Builder provider(SessionEngineProvider provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /**
         * Also stores values of {@code types} with their class, so they come back as the objects that were put,
         * in addition to what SESSION_TRUSTED_TYPES and earlier calls trust: for frameworks that know their own
         * types (a Spring Boot application's packages, Spring Security's classes with their Jackson module).
         */
        public Builder valueTypes(SessionValueTypes types) {
            this.valueTypes = this.valueTypes.and(Objects.requireNonNull(types, "types"));
            return this;
        }

        /**
         * @throws ImproperlyConfiguredException when the engine is unknown or cannot be set up with these
         *         settings; whatever was opened on the way is closed again
         */
        public SessionEngine build() {
            ProviderContext context = new ProviderContext(settings, clock, caches);
            try {
                String name = engineName != null ? engineName : settings.engine();
                EngineParts built = parts != null ? parts : chosenProvider(name).create(name, context);
                return assemble(name, built, context);
            } catch (RuntimeException e) {
                try {
                    context.close();
                } catch (RuntimeException alsoFailed) {
                    e.addSuppressed(alsoFailed);
                }
                throw e;
            }
        }

        private SessionEngineProvider chosenProvider(String name) {
            if (provider == null) {
                return providerOf(name);
            }
            if (!provider.engineNames().contains(name)) {
                throw new ImproperlyConfiguredException("SESSION_ENGINE", "engine '" + name + "' is not one of "
                        + provider.engineNames() + ", the engines of " + provider.getClass().getName());
            }
            return provider;
        }

        private SessionEngine assemble(String name, EngineParts built, ProviderContext context) {
            ExpiryPolicy expiry = new ExpiryPolicy(settings.cookieAge(), settings.expireAtBrowserClose(),
                    settings.useTz(), settings.timeZone(), clock);
            SessionValueTypes types = SessionValueTypes.fromSettings(settings).and(valueTypes);
            SessionStatistics.Counters counters = new SessionStatistics.Counters();
            AbsoluteAge absoluteAge = new AbsoluteAge(settings.absoluteAge(), clock);
            SessionPersistence persistence;
            Supplier<OptionalLong> clearExpired;
            if (built.sessionStore().isPresent()) {
                SessionStore store = built.sessionStore().get();
                StorePersistence stored = new StorePersistence(name, store,
                        SessionCodec.fromSettings(settings, SessionCodec.SESSION_STORE_SALT, clock, types), expiry,
                        new SessionKeys(), counters, absoluteAge);
                persistence = stored;
                clearExpired = stored::clearExpired;
            } else {
                persistence = new SignedCookiePersistence(
                        SessionCodec.fromSettings(settings, SessionCodec.SIGNED_COOKIES_SALT, clock, types),
                        Duration.ofSeconds(settings.cookieAge()), counters, absoluteAge);
                clearExpired = OptionalLong::empty;
            }
            // The context's caches close last: the store closing before them may still use them.
            List<AutoCloseable> resources = new ArrayList<>();
            resources.add(context);
            resources.addAll(built.resources());
            return new SessionEngine(name, settings, expiry, persistence, clearExpired, counters, resources);
        }
    }

    private static SessionEngineProvider providerOf(String engine) {
        for (SessionEngineProvider provider : ServiceLoader.load(SessionEngineProvider.class)) {
            if (provider.engineNames().contains(engine)) {
                return provider;
            }
        }
        if (engine.contains(".")) {
            return instantiate(engine);
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
