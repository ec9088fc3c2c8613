package dev.cloakroom.settings;

import dev.cloakroom.CloakroomException;

import java.nio.file.Path;

/** A settings file that was asked for is missing or cannot be read; the message names the file. */
public class SettingsFileException extends CloakroomException {
    private final Path file;

    public SettingsFileException(Path file, String problem, Throwable cause) {
        super("settings file '" + file + "' " + problem, cause);
        this.file = file;
    }

    /** The file, as it was asked for. */
    public Path file() {
        return file;
    }
}
