package dev.cloakroom;

/**
 * The engine's store can neither enumerate its records to remove the expired ones nor rely on them expiring by
 * themselves, so {@code clearsessions} cannot do its work. Mirrors Django's {@code NotImplementedError} from
 * {@code clear_expired()}. Engines whose sessions do expire by themselves (cache, signed_cookies) do not throw
 * it: their {@code clearExpired()} reports that there is nothing to clear.
 */
public class ClearExpiredUnsupportedException extends CloakroomException {
    public ClearExpiredUnsupportedException(String engine) {
        super("Session engine '" + engine + "' doesn't support clearing expired sessions.");
    }
}
