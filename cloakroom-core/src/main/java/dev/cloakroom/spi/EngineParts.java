package dev.cloakroom.spi;

import dev.cloakroom.store.SessionStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link SessionEngineProvider} builds: where sessions are kept, and what must be closed when the
 * engine closes. Immutable; the core adds everything else an engine needs (the codec, session keys, expiry
 * rules, the conditional save that merges concurrent requests), the same way for every engine.
 *
 * <p>Sessions are kept either in a {@link SessionStore} on the server ({@link #store(SessionStore)}), or in
 * the cookie itself ({@link #signedCookies()}), where the cookie value is the signed session data. Whether
 * expired sessions can be cleared is the store's to say ({@link SessionStore#clearExpired}); signed cookies
 * expire by themselves.
 */
public final class EngineParts {
    private final SessionStore store;
    private final List<AutoCloseable> resources;

    private EngineParts(SessionStore store, List<AutoCloseable> resources) {
        this.store = store;
        this.resources = List.copyOf(resources);
    }

    /** Sessions kept in {@code store}, keyed by the session key the cookie carries. */
    public static EngineParts store(SessionStore store) {
        return new EngineParts(Objects.requireNonNull(store, "store"), List.of());
    }

    /** Sessions kept in the cookie: Django's signed_cookies engine. Nothing is kept on the server. */
    public static EngineParts signedCookies() {
        return new EngineParts(null, List.of());
    }

    /**
     * These parts, plus {@code resource} to close when the engine closes. Resources are closed in the reverse
     * order of being added, so add a pool before the store that uses it.
     */
    public EngineParts closing(AutoCloseable resource) {
        List<AutoCloseable> more = new ArrayList<>(resources);
        more.add(Objects.requireNonNull(resource, "resource"));
        return new EngineParts(store, more);
    }

    /** The store sessions are kept in; empty when they are kept in the cookie. */
    public Optional<SessionStore> sessionStore() {
        return Optional.ofNullable(store);
    }

    /** What to close with the engine, in the order added. */
    public List<AutoCloseable> resources() {
        return resources;
    }
}
