package dev.cloakroom;

/**
 * The engine keeps no enumerable records (cache, signed_cookies): expired sessions vanish by themselves,
 * so there is nothing {@code clearsessions} can do. Mirrors Django's {@code NotImplementedError} from
 * {@code clear_expired()}.
 */
public class ClearExpiredUnsupportedException extends CloakroomException {
    public ClearExpiredUnsupportedException(String engine) {
        super("Session engine '" + engine + "' doesn't support clearing expired sessions.");
    }
}
