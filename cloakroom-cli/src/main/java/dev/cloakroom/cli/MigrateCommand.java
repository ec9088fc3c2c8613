package dev.cloakroom.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code cloakroom migrate}: creates or upgrades the db engine's django_session table. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Creates or upgrades the django_session table of the db and cached_db engines "
                + "(DATABASE_URL) and prints what it did. Running it again changes nothing; a table Django "
                + "created is recognised as in place.",
                "Other engines keep no schema: nothing to migrate."})
final class MigrateCommand implements Callable<Integer> {
    @ParentCommand
    private CloakroomCommand root;

    @Mixin
    private SettingsOption settingsOption;

    @Override
    public Integer call() {
        // TODO(cli): wire the jdbc module's SchemaMigrator once h-jdbc lands.
        throw new CommandFailedException("not available yet: waiting for the jdbc module's schema migrator");
    }
}
