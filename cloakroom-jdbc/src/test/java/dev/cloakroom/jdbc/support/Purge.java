package dev.cloakroom.jdbc.support;

import dev.cloakroom.jdbc.DbSessionStore;

/** Runs a db store's clearExpired as the core does, checking that the store decides in SQL alone. */
public final class Purge {
    private Purge() {
    }

    /** How many expired rows {@code store} removed; fails if the store asked the core's rule about a row. */
    public static long expired(DbSessionStore store) {
        return store.clearExpired(record -> {
            throw new AssertionError("the db store compares expire_date in SQL; it never needs the core's rule");
        }).orElseThrow(() -> new AssertionError("the db store must count what it removed"));
    }
}
