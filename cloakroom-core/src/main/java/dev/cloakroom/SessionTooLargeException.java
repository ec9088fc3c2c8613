package dev.cloakroom;

/**
 * A signed-cookie session grew beyond what browsers keep. Raised at save time so the application learns
 * of it, rather than the browser silently dropping the cookie and the visitor losing the session.
 */
public class SessionTooLargeException extends CloakroomException {
    private final int size;
    private final int limit;

    public SessionTooLargeException(int size, int limit) {
        super("Signed-cookie session is " + size + " bytes; browsers drop cookies over " + limit
                + " bytes. Keep less in the session or use a server-side SESSION_ENGINE.");
        this.size = size;
        this.limit = limit;
    }

    /** The most bytes the value may have. */
    public int limit() {
        return limit;
    }

    public int size() {
        return size;
    }
}
