package dev.cloakroom.testkit.stores;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.testkit.CacheBackendContract;
import dev.cloakroom.testkit.LocalCaches;

import java.time.Clock;

/** The CacheBackend contract on the local in-process cache, which expires entries by the injected clock. */
class LocalCacheBackendTest extends CacheBackendContract {

    @Override
    protected CacheBackend createBackend(Clock clock) {
        return LocalCaches.create(clock);
    }

    @Override
    protected boolean followsInjectedClock() {
        return true;
    }
}
