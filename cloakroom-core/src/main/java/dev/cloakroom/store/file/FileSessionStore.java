package dev.cloakroom.store.file;

import dev.cloakroom.codec.SessionCodec;
import dev.cloakroom.session.ExpiryPolicy;
import dev.cloakroom.store.ReplaceOutcome;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionStore;

import java.nio.file.Path;
import java.util.Optional;

/** TODO(file helper): the file engine. */
public final class FileSessionStore implements SessionStore {
    public FileSessionStore(Path directory, String cookieName, ExpiryPolicy expiry, SessionCodec codec) {
    }

    @Override public Optional<SessionRecord> load(String key) { throw new UnsupportedOperationException(); }
    @Override public boolean exists(String key) { throw new UnsupportedOperationException(); }
    @Override public boolean create(String key, SessionRecord record) { throw new UnsupportedOperationException(); }
    @Override public ReplaceOutcome replace(String key, SessionRecord expected, SessionRecord replacement) { throw new UnsupportedOperationException(); }
    @Override public void delete(String key) { throw new UnsupportedOperationException(); }
    @Override public long clearExpired() { throw new UnsupportedOperationException(); }
}
