package dev.cloakroom;

/**
 * The session was deleted by another request (a logout, flush or cycleKey elsewhere) while this request
 * still held it, so saving it would resurrect it. Django's {@code SessionInterrupted}; the servlet layer
 * answers it with HTTP 400.
 */
public class SessionInterruptedException extends CloakroomException {
    public static final String MESSAGE = "The request's session was deleted before the request completed. "
            + "The user may have logged out in a concurrent request, for example.";

    public SessionInterruptedException() {
        super(MESSAGE);
    }
}
