package dev.cloakroom.signing;

import dev.cloakroom.CloakroomException;

/** Django's {@code BadSignature}: the value is not signed, or not signed by any accepted key under this salt. */
public class BadSignatureException extends CloakroomException {
    public BadSignatureException(String message) {
        super(message);
    }
}
