package dev.cloakroom.store;

import java.time.Instant;
import java.util.Objects;

/**
 * What a store persists for one session: the encoded data, exactly as Django writes it into
 * {@code django_session.session_data} or a session file, and the time that decides when it dies.
 *
 * <p>The core hands stores complete records: the data, the instant it expires and the instant it was saved.
 * A store keeps the one of the two instants its format has and returns records with the other one null:
 * the db and cache stores keep {@link #expiresAt()} (Django's {@code expire_date}, an entry's TTL); the file
 * store keeps only {@link #savedAt()} (the file's modification time), from which the core derives the expiry
 * as Django's file backend does, because a file's own expiry is written inside its signed data.
 *
 * <p>The conditional save of {@link SessionStore#replace} compares records by their data (and by what else
 * the store keeps); the data carries a signature with a timestamp, so two different writes practically
 * never produce equal data.
 *
 * @param data      the encoded session data (never null)
 * @param expiresAt when the record expires; null only in a record loaded from a store that does not keep it
 * @param savedAt   when the record was written; null in a record loaded from a store that does not keep it
 */
public record SessionRecord(String data, Instant expiresAt, Instant savedAt) {
    public SessionRecord {
        Objects.requireNonNull(data, "data");
        if (expiresAt == null && savedAt == null) {
            throw new NullPointerException("a record needs its expiry or the time it was saved");
        }
    }

    /** A record as a store that keeps the expiry instant (db, cache) returns it. */
    public SessionRecord(String data, Instant expiresAt) {
        this(data, Objects.requireNonNull(expiresAt, "expiresAt"), null);
    }

    /** A record as a store that keeps only the time it was written (files) returns it. */
    public static SessionRecord savedAt(String data, Instant savedAt) {
        return new SessionRecord(data, null, Objects.requireNonNull(savedAt, "savedAt"));
    }

    /** This record with its expiry, as the core computed it for a record loaded without one. */
    public SessionRecord withExpiry(Instant expiry) {
        return new SessionRecord(data, Objects.requireNonNull(expiry, "expiry"), savedAt);
    }

    /**
     * Whether this record is dead at {@code now}: Django's db load keeps rows with {@code expire_date > now}.
     * Only for records that carry their expiry.
     */
    public boolean isExpiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }
}
