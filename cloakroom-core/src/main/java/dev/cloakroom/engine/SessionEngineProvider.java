package dev.cloakroom.engine;

import dev.cloakroom.session.SessionBackend;

import java.util.Set;

/**
 * Contributes engines from a module the core does not depend on: cloakroom-jdbc provides {@code db} and
 * {@code cached_db}. Found with {@link java.util.ServiceLoader}; a provider is also what a class name in
 * SESSION_ENGINE must name (a public class with a public no-argument constructor).
 */
public interface SessionEngineProvider {

    /** The short engine names this provider serves, e.g. {@code db}. */
    Set<String> engineNames();

    /**
     * Builds the backend for {@code engineName}. Resources that must be closed on shutdown are handed to
     * {@link EngineContext#onClose}; an engine whose records can be purged registers how with
     * {@link EngineContext#clearExpiredWith}.
     */
    SessionBackend create(String engineName, EngineContext context);
}
