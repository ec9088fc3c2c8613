package dev.cloakroom.signing;

/** Django's {@code BadSignature}: the value is not signed, or not signed by any accepted key under this salt. */
public class BadSignatureException extends RuntimeException {
    public BadSignatureException(String message) {
        super(message);
    }
}
