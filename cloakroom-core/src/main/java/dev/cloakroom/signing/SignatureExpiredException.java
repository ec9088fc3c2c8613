package dev.cloakroom.signing;

/** Django's {@code SignatureExpired}: a valid signature whose timestamp is older than the allowed age. */
public class SignatureExpiredException extends BadSignatureException {
    public SignatureExpiredException(String message) {
        super(message);
    }
}
