package dev.cloakroom.jdbc.dialect;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The digest conditional writes compare instead of a session's whole old value. */
final class Sha256 {
    private Sha256() {
    }

    static byte[] of(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
