package dev.cloakroom;

/**
 * A session grew beyond a limit, found at save time: nothing was stored, and the application can catch this
 * to tell the visitor (the servlet filter answers with a clear error). Two limits raise it: SESSION_MAX_SIZE,
 * on every engine, which keeps one client from making the server hold unbounded data; and, for signed-cookie
 * sessions, the size browsers keep, so the cookie is not silently dropped and the session lost.
 * {@link #limitName()} says which.
 */
public class SessionTooLargeException extends CloakroomException {
    /** {@link #limitName()} of the signed-cookie limit. */
    public static final String COOKIE_LIMIT = "cookie size";

    private final int size;
    private final int limit;
    private final String limitName;

    /** The signed-cookie value of {@code size} bytes exceeds the {@code limit} browsers keep. */
    public SessionTooLargeException(int size, int limit) {
        super("Signed-cookie session is " + size + " bytes; browsers drop cookies over " + limit
                + " bytes. Keep less in the session or use a server-side SESSION_ENGINE.");
        this.size = size;
        this.limit = limit;
        this.limitName = COOKIE_LIMIT;
    }

    /** The session's data, {@code what} (as stored, or before compression), exceeds SESSION_MAX_SIZE. */
    public SessionTooLargeException(int size, long limit, String what) {
        super("Session data is " + size + " bytes " + what + "; SESSION_MAX_SIZE allows " + limit
                + ". Nothing was stored. Keep less in the session, or raise SESSION_MAX_SIZE.");
        this.size = size;
        this.limit = (int) Math.min(Integer.MAX_VALUE, limit);
        this.limitName = "SESSION_MAX_SIZE";
    }

    /** The most bytes the value may have. */
    public int limit() {
        return limit;
    }

    public int size() {
        return size;
    }

    /** {@code SESSION_MAX_SIZE}, or {@link #COOKIE_LIMIT} for the size browsers keep. */
    public String limitName() {
        return limitName;
    }
}
