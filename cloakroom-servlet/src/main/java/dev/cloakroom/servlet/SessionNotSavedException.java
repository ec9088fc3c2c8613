package dev.cloakroom.servlet;

import dev.cloakroom.CloakroomException;

/**
 * Changes the application made to the session after its response committed could not be kept: the
 * session has no key the client knows (it was new, or its key changed, after the cookie went out). The
 * filter lets it reach the container, which aborts the response, so the client does not take the request
 * for a success.
 */
public class SessionNotSavedException extends CloakroomException {
    public SessionNotSavedException(String message) {
        super(message);
    }
}
