package dev.cloakroom.builtin;

import dev.cloakroom.spi.EngineContext;
import dev.cloakroom.spi.EngineParts;
import dev.cloakroom.spi.SessionEngineProvider;

import java.util.Set;

/**
 * SESSION_ENGINE {@code cache}: every session one entry of the cache SESSION_CACHE_ALIAS names, living exactly as
 * long as the session.
 */
public final class CacheEngineProvider implements SessionEngineProvider {

    @Override
    public Set<String> engineNames() {
        return Set.of("cache");
    }

    @Override
    public EngineParts create(String engineName, EngineContext context) {
        return EngineParts.store(context.cacheStore());
    }
}
