package dev.cloakroom.engine;

import dev.cloakroom.codec.ValueConverter;
import dev.cloakroom.session.ExpiryPolicy;
import dev.cloakroom.session.Session;
import dev.cloakroom.session.SessionBackend;
import dev.cloakroom.store.ClearExpiredUnsupportedException;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * The configured SESSION_ENGINE: opens lazy {@link Session}s for cookie values and clears expired
 * sessions. Built once at start-up by {@link SessionEngines#create}; thread-safe; close it on shutdown to
 * release pools and connections.
 */
public final class SessionEngine implements AutoCloseable {
    private final SessionBackend backend;
    private final ExpiryPolicy expiry;
    private final ValueConverter converter;
    private final LongSupplier clearExpired;
    private final List<AutoCloseable> resources;

    /**
     * @param clearExpired removes expired sessions and returns how many; null when the engine cannot
     * @param resources    closed, in reverse order, by {@link #close()}
     */
    public SessionEngine(SessionBackend backend, ExpiryPolicy expiry, ValueConverter converter,
            LongSupplier clearExpired, List<AutoCloseable> resources) {
        this.backend = backend;
        this.expiry = expiry;
        this.converter = converter;
        this.clearExpired = clearExpired;
        this.resources = List.copyOf(resources);
    }

    /** The engine's name ({@code db}, {@code file}, ...). */
    public String name() {
        return backend.engineName();
    }

    /** A lazy session for the client's cookie value (null when the request had no cookie). Touches no store. */
    public Session open(String cookieValue) {
        return new Session(cookieValue, backend, expiry, converter);
    }

    public ExpiryPolicy expiryPolicy() {
        return expiry;
    }

    public SessionBackend backend() {
        return backend;
    }

    /**
     * Removes expired sessions (Django's {@code clear_expired()}), returning how many were removed; 0 for
     * engines whose entries expire by themselves (cache, signed_cookies).
     *
     * @throws ClearExpiredUnsupportedException when the engine has no way to do it
     */
    public long clearExpired() {
        if (clearExpired == null) {
            throw new ClearExpiredUnsupportedException(name());
        }
        return clearExpired.getAsLong();
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("Closing the session engine failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
