package dev.cloakroom.testkit;

import dev.cloakroom.store.ReplaceOutcome;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionStore;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A {@link SessionStore} in a map, for tests of what sits above the store (the middleware, a framework's
 * integration) that want no server: honest to the store contract (it passes {@link SessionStoreContract}),
 * with counters of the calls it served. Assemble an engine over it with
 * {@code SessionEngines.builder(settings).engine("memory", EngineParts.store(store)).build()}.
 *
 * <p>Records keep their expiry instant, as the db store does: a record is dead from that instant of the
 * injected clock on, and {@link #clearExpired} removes dead ones. Thread-safe.
 */
public final class MemorySessionStore implements SessionStore {
    private final Clock clock;
    private final Map<String, SessionRecord> records = new ConcurrentHashMap<>();
    private final AtomicInteger loads = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();

    /** @param clock the time that decides when a record is dead; the engine's clock */
    public MemorySessionStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** How many loads the store served. */
    public int loads() {
        return loads.get();
    }

    /** How many creates, replaces and deletes the store served, whatever their outcome. */
    public int writes() {
        return writes.get();
    }

    /** The encoded data stored under {@code key}, live or not, read behind the engine's back. */
    public Optional<String> rawData(String key) {
        return Optional.ofNullable(records.get(key)).map(SessionRecord::data);
    }

    /** How many records are stored, live or not. */
    public int size() {
        return records.size();
    }

    @Override
    public Optional<SessionRecord> load(String key) {
        loads.incrementAndGet();
        return Optional.ofNullable(records.get(key)).filter(this::isLive);
    }

    @Override
    public boolean exists(String key) {
        return records.containsKey(key);
    }

    @Override
    public boolean create(String key, SessionRecord record) {
        writes.incrementAndGet();
        return records.putIfAbsent(key, stored(record)) == null;
    }

    @Override
    public ReplaceOutcome replace(String key, SessionRecord expected, SessionRecord replacement) {
        writes.incrementAndGet();
        ReplaceOutcome[] outcome = new ReplaceOutcome[1];
        records.compute(key, (k, current) -> {
            if (current == null || !isLive(current)) {
                outcome[0] = ReplaceOutcome.MISSING;
                return current;
            }
            if (!current.data().equals(expected.data())) {
                outcome[0] = ReplaceOutcome.CONFLICT;
                return current;
            }
            outcome[0] = ReplaceOutcome.REPLACED;
            return stored(replacement);
        });
        return outcome[0];
    }

    @Override
    public void delete(String key) {
        writes.incrementAndGet();
        records.remove(key);
    }

    @Override
    public OptionalLong clearExpired(Predicate<SessionRecord> expired) {
        AtomicLong removed = new AtomicLong();
        records.forEach((key, record) -> {
            if (expired.test(record) && records.remove(key, record)) {
                removed.incrementAndGet();
            }
        });
        return OptionalLong.of(removed.get());
    }

    /** What a store that keeps the expiry instant keeps: the data and that instant. */
    private static SessionRecord stored(SessionRecord record) {
        return new SessionRecord(record.data(), record.expiresAt());
    }

    private boolean isLive(SessionRecord record) {
        return !record.isExpiredAt(clock.instant());
    }
}
