package dev.cloakroom.testkit.stores;

import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.spi.EngineParts;
import dev.cloakroom.store.ReplaceOutcome;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.testkit.MemorySessionStore;
import dev.cloakroom.testkit.SessionStoreContract;

import java.time.Clock;
import java.util.Optional;

/** The testkit's in-memory store keeps the contract it is offered to stand in for. */
class MemorySessionStoreTest extends SessionStoreContract {
    private MemorySessionStore store;

    @Override
    protected SessionEngine createEngine(SessionSettings settings, Clock clock) {
        if (store == null) {
            store = new MemorySessionStore(clock);
        }
        return SessionEngines.builder(settings).clock(clock).engine("memory", EngineParts.store(store)).build();
    }

    @Override
    protected Optional<String> rawStoredData(String key) {
        return store.rawData(key);
    }

    /** Through the store's own conditional replace, which the engine never sees: garbage under a live expiry. */
    @Override
    protected boolean corruptStoredData(String key) {
        SessionRecord stored = store.load(key).orElseThrow();
        return store.replace(key, stored, new SessionRecord("garbage: not a session", stored.expiresAt()))
                == ReplaceOutcome.REPLACED;
    }
}
