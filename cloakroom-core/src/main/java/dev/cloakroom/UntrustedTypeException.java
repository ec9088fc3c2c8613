package dev.cloakroom;

/**
 * Stored session data names a class that is not trusted to be rebuilt from it (see
 * {@code SessionValueTypes}); the session is then read as empty. The name is kept for the security log.
 */
public class UntrustedTypeException extends SessionValueException {
    private final String typeName;

    public UntrustedTypeException(String typeName, Throwable cause) {
        super("Session data names a type that is not trusted", cause);
        this.typeName = typeName;
    }

    /** The type name as the data gave it; attacker-chosen text, to be logged only in a sanitised form. */
    public String typeName() {
        return typeName;
    }
}
