package dev.cloakroom.store.cache;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.store.ReplaceOutcome;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionStore;

import java.time.Clock;
import java.util.Optional;

/** TODO(cache helper): the cache engine. */
public final class CacheSessionStore implements SessionStore {
    public static final String KEY_PREFIX = "cloakroom.sessions.cache";

    public CacheSessionStore(CacheBackend cache, String keyPrefix, Clock clock) {
    }

    @Override public Optional<SessionRecord> load(String key) { throw new UnsupportedOperationException(); }
    @Override public boolean exists(String key) { throw new UnsupportedOperationException(); }
    @Override public boolean create(String key, SessionRecord record) { throw new UnsupportedOperationException(); }
    @Override public ReplaceOutcome replace(String key, SessionRecord expected, SessionRecord replacement) { throw new UnsupportedOperationException(); }
    @Override public void delete(String key) { throw new UnsupportedOperationException(); }
    @Override public long clearExpired() { return 0; }
}
