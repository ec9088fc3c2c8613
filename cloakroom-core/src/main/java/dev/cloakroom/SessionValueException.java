package dev.cloakroom;

/** A session value cannot be written by the configured serializer, or read back as the requested type. */
public class SessionValueException extends CloakroomException {
    public SessionValueException(String message, Throwable cause) {
        super(message, cause);
    }

    public SessionValueException(String message) {
        super(message);
    }
}
