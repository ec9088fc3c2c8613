package dev.cloakroom;



/** A key that the session does not hold was required, popped or removed: Django's {@code KeyError}. */
public class MissingSessionKeyException extends CloakroomException {
    private final String key;

    public MissingSessionKeyException(String key) {
        super("Session has no key '" + key + "'");
        this.key = key;
    }

    public String key() {
        return key;
    }
}
