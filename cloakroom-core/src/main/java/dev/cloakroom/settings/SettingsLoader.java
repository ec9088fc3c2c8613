package dev.cloakroom.settings;

import dev.cloakroom.ImproperlyConfiguredException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Builds {@link SessionSettings} from, in increasing precedence: Django's defaults, a properties file, environment
 * variables, Java system properties. The file is the one given explicitly, else the one the environment variable
 * {@value #SETTINGS_FILE_VARIABLE} names, else {@value #DEFAULT_FILE_NAME} in the working directory if it exists.
 * Every name in the file is read (unmodelled ones become raw settings); from the environment and system properties
 * only names that {@link SettingNames#isSetting} accepts, because both hold much else.
 *
 * <p>Each setting's text is parsed once, from the source that wins, so a bad value that is overridden does no harm;
 * a bad value that wins is reported with the setting's name and where it came from.
 */
public final class SettingsLoader {
    /** The environment variable naming the settings file when none is given explicitly. */
    public static final String SETTINGS_FILE_VARIABLE = "CLOAKROOM_SETTINGS";
    /** The settings file read from the working directory when no other is named. */
    public static final String DEFAULT_FILE_NAME = "cloakroom.properties";

    private final Map<String, String> environment;
    private final Map<String, String> systemProperties;
    private final Path workingDirectory;

    /** A loader over the given environment and system properties, resolving relative files against the JVM's. */
    public SettingsLoader(Map<String, String> environment, Map<String, String> systemProperties) {
        this(environment, systemProperties, Path.of(""));
    }

    public SettingsLoader(Map<String, String> environment, Map<String, String> systemProperties,
            Path workingDirectory) {
        this.environment = Map.copyOf(environment);
        this.systemProperties = Map.copyOf(systemProperties);
        this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory");
    }

    /** A loader over this process's environment and system properties. */
    public static SettingsLoader fromSystem() {
        Map<String, String> properties = new HashMap<>();
        Properties system = System.getProperties();
        for (String name : system.stringPropertyNames()) {
            properties.put(name, system.getProperty(name));
        }
        return new SettingsLoader(System.getenv(), properties);
    }

    /**
     * The settings of this process: defaults, then the settings file {@value #SETTINGS_FILE_VARIABLE} names (or
     * {@value #DEFAULT_FILE_NAME} in the working directory, if present), the environment, and system properties.
     */
    public static SessionSettings load() {
        return fromSystem().loadSettings(Optional.empty());
    }

    /** The settings of this process with {@code file} as the settings file, as the CLI's {@code --settings}. */
    public static SessionSettings load(Path file) {
        return fromSystem().loadSettings(Optional.of(Objects.requireNonNull(file, "file")));
    }

    /**
     * The validated settings.
     *
     * @throws ImproperlyConfiguredException naming the setting (and where its value came from) when one is wrong
     * @throws SettingsFileException when the file given or named by {@value #SETTINGS_FILE_VARIABLE} is missing
     *         or unreadable
     */
    public SessionSettings loadSettings(Optional<Path> file) {
        Map<String, Sourced> values = collect(file);
        SessionSettings.Builder builder = apply(values);
        try {
            return builder.build();
        } catch (ImproperlyConfiguredException e) {
            throw withOrigin(e, values.get(e.setting()));
        }
    }

    /**
     * A builder holding every setting found, not yet validated, for a caller that overrides some before building
     * (a command-line option, a test).
     */
    public SessionSettings.Builder builder(Optional<Path> file) {
        return apply(collect(file));
    }

    /**
     * The settings file that would be read: the explicit one, else the one {@value #SETTINGS_FILE_VARIABLE}
     * names, else {@value #DEFAULT_FILE_NAME} if it exists; relative paths resolve against the working directory.
     */
    public Optional<Path> settingsFile(Optional<Path> explicit) {
        return chooseFile(explicit).map(SettingsFile::path);
    }

    private Optional<SettingsFile> chooseFile(Optional<Path> explicit) {
        if (explicit.isPresent()) {
            return Optional.of(new SettingsFile(workingDirectory.resolve(explicit.get()), "given explicitly"));
        }
        String named = environment.get(SETTINGS_FILE_VARIABLE);
        if (named != null && !named.isBlank()) {
            return Optional.of(new SettingsFile(workingDirectory.resolve(named),
                    "named by " + SETTINGS_FILE_VARIABLE));
        }
        Path fallback = workingDirectory.resolve(DEFAULT_FILE_NAME);
        return Files.isRegularFile(fallback)
                ? Optional.of(new SettingsFile(fallback, "found in the working directory"))
                : Optional.empty();
    }

    /** Setting texts by name, each from the source with the highest precedence that has it. */
    private Map<String, Sourced> collect(Optional<Path> explicit) {
        Map<String, Sourced> values = new TreeMap<>();
        chooseFile(explicit).ifPresent(file -> {
            String origin = "settings file " + file.path();
            readFile(file).forEach((name, value) -> values.put(CacheAlias.normalise(name), new Sourced(value, origin)));
        });
        environment.forEach((name, value) -> {
            if (SettingNames.isSetting(name)) {
                values.put(name, new Sourced(value, "environment variable " + name));
            }
        });
        systemProperties.forEach((name, value) -> {
            if (SettingNames.isSetting(name)) {
                values.put(CacheAlias.normalise(name), new Sourced(value, "system property " + name));
            }
        });
        return values;
    }

    private static Map<String, String> readFile(SettingsFile chosen) {
        Path file = chosen.path();
        String how = chosen.how();
        if (!Files.exists(file)) {
            throw new SettingsFileException(file, "does not exist (" + how + ")", null);
        }
        if (!Files.isRegularFile(file)) {
            throw new SettingsFileException(file, "is not a regular file (" + how + ")", null);
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new SettingsFileException(file, "cannot be read as UTF-8 properties (" + how + "): " + e, e);
        }
        Map<String, String> values = new HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            values.put(name, properties.getProperty(name));
        }
        return values;
    }

    private static SessionSettings.Builder apply(Map<String, Sourced> values) {
        SessionSettings.Builder builder = SessionSettings.builder();
        values.forEach((name, sourced) -> {
            try {
                builder.set(name, sourced.value());
            } catch (ImproperlyConfiguredException e) {
                throw withOrigin(e, sourced);
            }
        });
        return builder;
    }

    private static ImproperlyConfiguredException withOrigin(ImproperlyConfiguredException e, Sourced sourced) {
        if (sourced == null) {
            return e;
        }
        ImproperlyConfiguredException located = new ImproperlyConfiguredException(e.setting(),
                e.problem() + " (from " + sourced.origin() + ")");
        located.initCause(e);
        return located;
    }

    /** The file to read and why it was chosen, for error messages. */
    private record SettingsFile(Path path, String how) {
    }

    /** A setting's text and where it came from, for error messages. */
    private record Sourced(String value, String origin) {
    }
}
