package dev.cloakroom.cli;

import dev.cloakroom.jdbc.schema.MigrationResult;
import dev.cloakroom.jdbc.schema.SchemaMigrator;
import dev.cloakroom.settings.SessionSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.util.Set;
import java.util.concurrent.Callable;

/** {@code cloakroom migrate}: creates or upgrades the db engine's django_session table. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Creates or upgrades the session table of the db and cached_db engines (DATABASE_URL, "
                + "DATABASE_TABLE) and prints what it did. Running it again changes nothing; a table Django "
                + "created is recognised as in place.",
                "Other engines keep no schema: nothing to migrate."})
final class MigrateCommand implements Callable<Integer> {
    /** The engines that keep sessions in the database table. */
    private static final Set<String> DATABASE_ENGINES = Set.of("db", "cached_db");

    @ParentCommand
    private CloakroomCommand root;

    @Mixin
    private SettingsOption settingsOption;

    @Override
    public Integer call() {
        CliEnvironment environment = root.environment();
        SessionSettings settings = root.settings(settingsOption.file);
        if (!DATABASE_ENGINES.contains(settings.engine())) {
            environment.out().println("Nothing to migrate: engine " + settings.engine()
                    + " keeps no database schema.");
            return 0;
        }
        MigrationResult result = SchemaMigrator.migrateConfigured(settings);
        environment.out().println(result.description() + ".");
        return 0;
    }
}
