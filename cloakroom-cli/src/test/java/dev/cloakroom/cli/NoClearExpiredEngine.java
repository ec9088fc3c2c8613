package dev.cloakroom.cli;

import dev.cloakroom.ClearExpiredUnsupportedException;
import dev.cloakroom.spi.EngineContext;
import dev.cloakroom.spi.EngineParts;
import dev.cloakroom.spi.SessionEngineProvider;
import dev.cloakroom.store.ReplaceOutcome;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionStore;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An engine named by class in SESSION_ENGINE whose store has no way to clear expired sessions, like Django's
 * {@code sessions_tests.no_clear_expired}. Every other operation fails: clearsessions must refuse before
 * touching a session.
 */
public final class NoClearExpiredEngine implements SessionEngineProvider {
    @Override
    public Set<String> engineNames() {
        return Set.of();
    }

    @Override
    public EngineParts create(String engineName, EngineContext context) {
        return EngineParts.store(new SessionStore() {
            @Override
            public Optional<SessionRecord> load(String key) {
                throw new UnsupportedOperationException("not used by clearsessions");
            }

            @Override
            public boolean exists(String key) {
                throw new UnsupportedOperationException("not used by clearsessions");
            }

            @Override
            public boolean create(String key, SessionRecord record) {
                throw new UnsupportedOperationException("not used by clearsessions");
            }

            @Override
            public ReplaceOutcome replace(String key, SessionRecord expected, SessionRecord replacement) {
                throw new UnsupportedOperationException("not used by clearsessions");
            }

            @Override
            public void delete(String key) {
                throw new UnsupportedOperationException("not used by clearsessions");
            }

            @Override
            public OptionalLong clearExpired(Predicate<SessionRecord> expired) {
                throw new ClearExpiredUnsupportedException(engineName);
            }
        });
    }
}
