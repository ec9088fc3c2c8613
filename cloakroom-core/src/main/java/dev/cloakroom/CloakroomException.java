package dev.cloakroom;

/**
 * The root of every exception Cloakroom throws. All are unchecked; each has a specific subclass named for
 * what went wrong, so a handler can catch exactly the case it can deal with, or this type for all of them.
 *
 * <p>Messages describe the problem for an operator. They never quote session data, keys or secrets, and a
 * web adapter never copies them into a response.
 */
public class CloakroomException extends RuntimeException {
    public CloakroomException(String message) {
        super(message);
    }

    public CloakroomException(String message, Throwable cause) {
        super(message, cause);
    }
}
