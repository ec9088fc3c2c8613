package dev.cloakroom.cli;

import dev.cloakroom.engine.EngineContext;
import dev.cloakroom.engine.SessionEngineProvider;
import dev.cloakroom.session.SessionBackend;

import java.util.Map;
import java.util.Set;

/**
 * An engine named by class in SESSION_ENGINE that registers no way to clear expired sessions, like Django's
 * {@code sessions_tests.no_clear_expired}. Only its name is ever used: clearsessions must refuse before
 * touching a session.
 */
public final class NoClearExpiredEngine implements SessionEngineProvider {
    @Override
    public Set<String> engineNames() {
        return Set.of();
    }

    @Override
    public SessionBackend create(String engineName, EngineContext context) {
        return new SessionBackend() {
            @Override
            public String engineName() {
                return engineName;
            }

            @Override
            public Loaded load(String key) {
                throw new UnsupportedOperationException("not used by clearsessions");
            }

            @Override
            public boolean exists(String key) {
                throw new UnsupportedOperationException("not used by clearsessions");
            }

            @Override
            public Persisted create(Map<String, Object> data) {
                throw new UnsupportedOperationException("not used by clearsessions");
            }

            @Override
            public Persisted save(String key, Loaded base, Map<String, Object> data, Changes changes) {
                throw new UnsupportedOperationException("not used by clearsessions");
            }

            @Override
            public void delete(String key) {
                throw new UnsupportedOperationException("not used by clearsessions");
            }
        };
    }
}
