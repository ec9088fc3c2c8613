package dev.cloakroom.spi;

import java.util.Set;

/**
 * Contributes engines by name: how every engine is found, the built-in ones (file, cache, signed_cookies)
 * as much as cloakroom-jdbc's db and cached_db or an application's own. Providers are found with
 * {@link java.util.ServiceLoader}; a class name in SESSION_ENGINE must also name a provider (a public class
 * with a public no-argument constructor).
 */
public interface SessionEngineProvider {

    /** The engine names this provider serves, e.g. {@code db}. */
    Set<String> engineNames();

    /**
     * Builds the parts of engine {@code engineName}. A provider that fails after opening something (a pool)
     * closes it before throwing; caches taken from the context are the core's to close.
     *
     * @throws dev.cloakroom.ImproperlyConfiguredException when the settings do not describe a usable engine,
     *         naming the setting
     */
    EngineParts create(String engineName, EngineContext context);
}
