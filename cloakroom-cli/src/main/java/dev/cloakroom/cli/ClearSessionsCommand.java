package dev.cloakroom.cli;

import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.util.OptionalLong;
import java.util.concurrent.Callable;

/** {@code cloakroom clearsessions}: Django's command of that name, which also says what it did. */
@Command(name = "clearsessions", mixinStandardHelpOptions = true,
        description = {"Removes expired sessions of the configured SESSION_ENGINE and prints how many. Run it "
                + "from cron: nothing purges expired db or file sessions otherwise.",
                "cache and signed_cookies sessions expire by themselves; an engine that cannot clear exits 1."})
final class ClearSessionsCommand implements Callable<Integer> {
    @ParentCommand
    private CloakroomCommand root;

    @Mixin
    private SettingsOption settingsOption;

    @Override
    public Integer call() {
        CliEnvironment environment = root.environment();
        try (SessionEngine engine = SessionEngines.create(root.settings(settingsOption.file),
                environment.clock())) {
            OptionalLong cleared = engine.clearExpired();
            if (cleared.isEmpty()) {
                environment.out().println("Nothing to clear: " + engine.name()
                        + " sessions expire by themselves.");
            } else {
                long removed = cleared.getAsLong();
                environment.out().println("Removed " + removed + " expired " + (removed == 1 ? "session" : "sessions")
                        + " (engine " + engine.name() + ").");
            }
        }
        return 0;
    }
}
