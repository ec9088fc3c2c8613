package dev.cloakroom.cache;

/** The cache system could not be reached or answered with an error. */
public class CacheUnavailableException extends RuntimeException {
    public CacheUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
