package dev.cloakroom.demo;

import dev.cloakroom.spi.EngineContext;
import dev.cloakroom.spi.EngineParts;
import dev.cloakroom.spi.SessionEngineProvider;
import dev.cloakroom.store.ReplaceOutcome;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionStore;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A {@link SessionStore} that counts every call on the real one it wraps, for a store in this process (files),
 * which has no wire to count at: the count is at the store interface, one call however many file operations
 * it makes. load and exists are reads; create, replace, delete and deleteIfUnchanged are writes;
 * reloadRejected and clearExpired are unexpected in a request that sends a good cookie.
 */
final class CountingSessionStore implements SessionStore, TrafficMeter {
    private final SessionStore store;
    private final TrafficTally tally = new TrafficTally();

    CountingSessionStore(SessionStore store) {
        this.store = store;
    }

    /**
     * A provider building what the ServiceLoader's provider of {@code engine} builds, with its store behind
     * {@code counting}'s wrapper: set it with {@code SessionEngines.builder(settings).provider(...)}.
     */
    static SessionEngineProvider provider(String engine, Holder counting) {
        SessionEngineProvider real = ServiceLoader.load(SessionEngineProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.engineNames().contains(engine)).findFirst()
                .orElseThrow(() -> new AssertionError("no SessionEngineProvider serves " + engine));
        return new SessionEngineProvider() {
            @Override
            public Set<String> engineNames() {
                return Set.of(engine);
            }

            @Override
            public EngineParts create(String engineName, EngineContext context) {
                EngineParts parts = real.create(engineName, context);
                CountingSessionStore store = new CountingSessionStore(parts.sessionStore()
                        .orElseThrow(() -> new AssertionError(engine + " keeps no store to count")));
                counting.store = store;
                EngineParts counted = EngineParts.store(store);
                for (AutoCloseable resource : parts.resources()) {
                    counted = counted.closing(resource);
                }
                return counted;
            }
        };
    }

    /** Where {@link #provider} leaves the store it wrapped. */
    static final class Holder {
        CountingSessionStore store;
    }

    @Override
    public String name() {
        return "store";
    }

    @Override
    public void begin() {
        tally.reset();
    }

    @Override
    public Traffic end() {
        return tally.traffic();
    }

    private void read(String call) {
        tally.read(call);
    }

    private void write(String call) {
        tally.write(call);
    }

    private void other(String call) {
        tally.unexpected(call);
    }

    @Override
    public Optional<SessionRecord> load(String key) {
        read("load");
        return store.load(key);
    }

    @Override
    public boolean exists(String key) {
        read("exists");
        return store.exists(key);
    }

    @Override
    public boolean create(String key, SessionRecord record) {
        write("create");
        return store.create(key, record);
    }

    @Override
    public ReplaceOutcome replace(String key, SessionRecord expected, SessionRecord replacement) {
        write("replace");
        return store.replace(key, expected, replacement);
    }

    @Override
    public void delete(String key) {
        write("delete");
        store.delete(key);
    }

    @Override
    public boolean deleteIfUnchanged(String key, SessionRecord expected) {
        write("deleteIfUnchanged");
        return store.deleteIfUnchanged(key, expected);
    }

    @Override
    public Optional<SessionRecord> reloadRejected(String key, SessionRecord rejected) {
        other("reloadRejected");
        return store.reloadRejected(key, rejected);
    }

    @Override
    public OptionalLong clearExpired(Predicate<SessionRecord> expired) {
        other("clearExpired");
        return store.clearExpired(expired);
    }
}
