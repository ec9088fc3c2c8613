package dev.cloakroom.testkit;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.CacheBackendProvider;

import java.time.Clock;
import java.util.ServiceLoader;

/**
 * The local in-process cache, for tests that hand an engine the cache they hold
 * ({@code SessionEngines.builder(settings).cache("default", LocalCaches.create(clock))}) to read and change
 * entries behind the store's back. Found through its provider, as the {@code local:} URL finds it: the
 * class itself is internal to the core.
 */
public final class LocalCaches {
    private LocalCaches() {
    }

    /** A new, empty local cache whose entries expire by {@code clock}. */
    public static CacheBackend create(Clock clock) {
        for (CacheBackendProvider provider : ServiceLoader.load(CacheBackendProvider.class)) {
            if (provider.schemes().contains("local")) {
                return provider.create("local:", clock);
            }
        }
        throw new AssertionError("no CacheBackendProvider serves the local: scheme");
    }
}
