package dev.cloakroom.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reading what the user piped in. */
final class Streams {
    private Streams() {
    }

    /** All of {@code in} as UTF-8 text. */
    static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CommandFailedException("cannot read stdin: " + e.getMessage(), e);
        }
    }
}
