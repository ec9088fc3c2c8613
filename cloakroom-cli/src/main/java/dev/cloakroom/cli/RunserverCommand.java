package dev.cloakroom.cli;

import dev.cloakroom.demo.DemoServer;
import dev.cloakroom.settings.SettingsLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;

/** {@code cloakroom runserver}: the demo web application (cloakroom-demo) until Ctrl-C. */
@Command(name = "runserver", mixinStandardHelpOptions = true,
        description = {"Starts the demo web application and prints its address; Ctrl-C stops it.",
                "It runs on the configured settings: by default the db engine on SQLite (cloakroom.sqlite3 in "
                        + "the working directory, its table created on first start). Without a SECRET_KEY the demo "
                        + "generates one and keeps it in .cloakroom-demo-secret beside the database."})
final class RunserverCommand implements Callable<Integer> {
    @ParentCommand
    private CloakroomCommand root;

    @Mixin
    private SettingsOption settingsOption;

    @Option(names = "--port", defaultValue = "8000", description = "The HTTP port (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "The address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    private String host;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be 0..65535 (0: any free port): " + port);
        }
        CliEnvironment environment = root.environment();
        SettingsLoader loader = new SettingsLoader(environment.variables(),
                asMap(environment.systemProperties()));
        try (DemoServer server = DemoServer.start(loader.builder(Optional.ofNullable(settingsOption.file)),
                Path.of(""), host, port, environment.out(), environment.clock())) {
            server.join();
        }
        return 0;
    }

    private static Map<String, String> asMap(Properties properties) {
        Map<String, String> map = new HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            map.put(name, properties.getProperty(name));
        }
        return map;
    }
}
