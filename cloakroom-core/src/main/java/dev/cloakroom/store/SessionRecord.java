package dev.cloakroom.store;

import java.time.Instant;
import java.util.Objects;

/**
 * What a store persists for one session: the encoded data, exactly as Django writes it into
 * {@code django_session.session_data} or a session file, and the instant after which the record is dead.
 *
 * <p>Records are compared by value: the conditional save of {@link SessionStore#replace} asks whether the
 * stored record still equals the one a request loaded, and the encoded data carries a signature with a
 * timestamp, so two different writes practically never produce equal data.
 *
 * @param data      the encoded session data (never null)
 * @param expiresAt when the record expires (never null)
 */
public record SessionRecord(String data, Instant expiresAt) {
    public SessionRecord {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Whether this record is dead at {@code now}; Django's db load keeps rows with {@code expire_date > now}. */
    public boolean isExpiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }
}
