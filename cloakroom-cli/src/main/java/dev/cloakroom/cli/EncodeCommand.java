package dev.cloakroom.cli;

import dev.cloakroom.codec.SessionCodec;
import dev.cloakroom.settings.SessionSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code cloakroom encode}: a JSON object on stdin in, Django's signed session string out. */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = {"Reads one JSON object on stdin and prints it signed as Django stores it: the "
                + "session_data of the db and file engines, or with --format signed-cookie the cookie value of "
                + "the signed_cookies engine.",
                "Signed with SECRET_KEY at the current time; key order is kept."})
final class EncodeCommand implements Callable<Integer> {
    @ParentCommand
    private CloakroomCommand root;

    @Mixin
    private SettingsOption settingsOption;

    @Mixin
    private FormatOption formatOption;

    @Override
    public Integer call() {
        CliEnvironment environment = root.environment();
        Map<String, Object> data = JsonObjects.parseObject(Streams.readAll(environment.stdin()));
        SessionSettings settings = root.settings(settingsOption.file);
        SessionCodec codec = formatOption.codec(settings, environment.clock());
        environment.out().println(codec.encode(data));
        return 0;
    }
}
