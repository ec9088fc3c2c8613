package dev.cloakroom.testsupport;

import dev.cloakroom.store.ReplaceOutcome;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionStore;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;

/** A store that hands every call to another; tests override one call to interleave something with it. */
public class ForwardingStore implements SessionStore {
    private final SessionStore delegate;

    public ForwardingStore(SessionStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<SessionRecord> load(String key) {
        return delegate.load(key);
    }

    @Override
    public boolean exists(String key) {
        return delegate.exists(key);
    }

    @Override
    public boolean create(String key, SessionRecord record) {
        return delegate.create(key, record);
    }

    @Override
    public ReplaceOutcome replace(String key, SessionRecord expected, SessionRecord replacement) {
        return delegate.replace(key, expected, replacement);
    }

    @Override
    public void delete(String key) {
        delegate.delete(key);
    }

    @Override
    public boolean deleteIfUnchanged(String key, SessionRecord expected) {
        return delegate.deleteIfUnchanged(key, expected);
    }

    @Override
    public OptionalLong clearExpired(Predicate<SessionRecord> expired) {
        return delegate.clearExpired(expired);
    }
}
