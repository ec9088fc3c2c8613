package dev.cloakroom.codec;

import dev.cloakroom.SessionValueException;

import java.util.Map;

/**
 * SESSION_SERIALIZER: turns session data into the bytes that get signed, and back. Implementations are
 * stateless and thread-safe.
 *
 * @hidden internal, see the package description
 */
public interface SessionSerializer {
    /**
     * The session data as bytes.
     *
     * @throws SessionValueException when a value cannot be written by this serializer
     */
    byte[] dumps(Map<String, Object> data);

    /**
     * Session data read back, as a mutable map in the order it was written.
     *
     * @throws SessionValueException when {@code data} is not something this serializer wrote
     */
    Map<String, Object> loads(byte[] data);
}
