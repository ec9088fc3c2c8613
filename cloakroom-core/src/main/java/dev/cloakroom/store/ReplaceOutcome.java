package dev.cloakroom.store;

/** What a conditional {@link SessionStore#replace} did. */
public enum ReplaceOutcome {
    /** The stored record was the expected one and now holds the replacement. */
    REPLACED,
    /**
     * Another request changed the record since it was loaded; nothing was written. The caller reloads,
     * re-applies its own changes and tries again.
     */
    CONFLICT,
    /**
     * No live record exists under the key any more (deleted by a concurrent logout, flush or cycleKey,
     * or expired); nothing was written. This is Django's {@code UpdateError}: the session must not be
     * resurrected.
     */
    MISSING
}
