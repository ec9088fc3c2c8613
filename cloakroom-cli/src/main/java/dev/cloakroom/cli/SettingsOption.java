package dev.cloakroom.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** --settings FILE, shared by every command that needs the settings. */
final class SettingsOption {
    @Option(names = "--settings", paramLabel = "FILE",
            description = "A properties file of settings (SECRET_KEY=..., SESSION_ENGINE=...). The environment "
                    + "and system properties override it.")
    Path file;
}
