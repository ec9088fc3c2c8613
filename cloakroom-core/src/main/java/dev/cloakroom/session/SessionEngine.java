package dev.cloakroom.session;

import dev.cloakroom.ClearExpiredUnsupportedException;
import dev.cloakroom.CloakroomException;
import dev.cloakroom.codec.ValueConverter;
import dev.cloakroom.settings.SessionSettings;

import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * The configured SESSION_ENGINE: opens lazy {@link Session}s for cookie values and clears expired sessions.
 * Built once at start-up by {@link SessionEngines}; thread-safe; close it on shutdown to release pools and
 * connections. The settings and clock it was built with are the ones everything around it (the middleware,
 * its cookies) must use, so they are read from here.
 */
public final class SessionEngine implements AutoCloseable {
    private final String name;
    private final SessionSettings settings;
    private final ExpiryPolicy expiry;
    private final SessionPersistence persistence;
    private final Supplier<OptionalLong> clearExpired;
    private final SessionStatistics.Counters counters;
    private final ValueConverter converter = new ValueConverter();
    private final List<AutoCloseable> resources;

    SessionEngine(String name, SessionSettings settings, ExpiryPolicy expiry, SessionPersistence persistence,
            Supplier<OptionalLong> clearExpired, SessionStatistics.Counters counters, List<AutoCloseable> resources) {
        this.name = name;
        this.settings = settings;
        this.expiry = expiry;
        this.persistence = persistence;
        this.clearExpired = clearExpired;
        this.counters = counters;
        this.resources = List.copyOf(resources);
    }

    /** The engine's name ({@code db}, {@code file}, ...). */
    public String name() {
        return name;
    }

    /** The settings the engine was built from. */
    public SessionSettings settings() {
        return settings;
    }

    /** The engine's time source. */
    public Clock clock() {
        return expiry.clock();
    }

    /** A lazy session for the client's cookie value (null when the request had no cookie). Touches no store. */
    public Session open(String cookieValue) {
        return new Session(cookieValue, name, persistence, expiry, converter);
    }

    /**
     * Removes expired sessions (Django's {@code clear_expired()}).
     *
     * @return how many were removed, or empty when this engine's sessions expire by themselves (cache entries
     *         with a TTL, signed cookies with their timestamp), so there is nothing to clear
     * @throws ClearExpiredUnsupportedException when the engine's store has no way to do it
     */
    public OptionalLong clearExpired() {
        return clearExpired.get();
    }

    /** What the engine has done since it was built. */
    public SessionStatistics statistics() {
        return counters.snapshot();
    }

    /** Closes what the engine holds (pools, connections, caches), in the reverse order of opening. */
    @Override
    public void close() {
        closeAll(resources);
    }

    @Override
    public String toString() {
        return "SessionEngine[" + name + "]";
    }

    static void closeAll(List<AutoCloseable> resources) {
        CloakroomException failure = null;
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new CloakroomException("Closing the session engine failed", e);
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
