package dev.cloakroom.cache;

import dev.cloakroom.CloakroomException;

/** The cache system could not be reached or answered with an error. */
public class CacheUnavailableException extends CloakroomException {
    public CacheUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
