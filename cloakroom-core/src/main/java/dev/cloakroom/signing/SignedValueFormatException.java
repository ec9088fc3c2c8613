package dev.cloakroom.signing;

import dev.cloakroom.CloakroomException;

/**
 * A value whose signature is valid (or not yet checked) cannot be taken apart: no timestamp, a timestamp
 * that is not base62, a payload that is not base64 or not a zlib stream. Django raises plain
 * {@code ValueError}/{@code zlib.error} here, not {@code BadSignature}.
 */
public class SignedValueFormatException extends CloakroomException {
    public SignedValueFormatException(String message) {
        super(message);
    }

    public SignedValueFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
