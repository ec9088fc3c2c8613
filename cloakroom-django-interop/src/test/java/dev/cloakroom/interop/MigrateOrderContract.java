package dev.cloakroom.interop;

import dev.cloakroom.jdbc.schema.MigrationResult;
import dev.cloakroom.jdbc.schema.SchemaMigrator;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.settings.SessionSettings;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Either side may create the table first: {@code bin/cloakroom migrate} then Django's {@code migrate}, and the
 * other way round, each on a new empty database, and sessions flow both ways afterwards.
 */
@RequiresDjango
abstract class MigrateOrderContract {
    abstract SharedDatabase.Kind kind();

    @Test
    void cloakroomMigratesFirstThenDjangosMigrateSucceeds() {
        try (SharedDatabase db = SharedDatabase.create(kind())) {
            DjangoConfig config = DjangoConfig.of("db").withDatabase(db.django());
            SessionSettings settings = CloakroomSide.settings(config, db.cloakroom());

            MigrationResult ours = SchemaMigrator.migrateConfigured(settings);
            assertThat(ours.tableCreated()).isTrue();
            assertThat(ours.migrationRecorded()).isTrue();

            try (DjangoPeer django = DjangoPeer.start(config)) {
                String output = django.call("migrate").get("output").asString();
                assertThat(output).contains("Applying auth.0001_initial... OK")
                        .doesNotContain("Applying sessions.0001_initial");
                assertSessionsFlow(django, settings);
            }
        }
    }

    @Test
    void djangoMigratesFirstThenCloakroomFindsItsTable() {
        try (SharedDatabase db = SharedDatabase.create(kind())) {
            DjangoConfig config = DjangoConfig.of("db").withDatabase(db.django());
            SessionSettings settings = CloakroomSide.settings(config, db.cloakroom());
            try (DjangoPeer django = DjangoPeer.start(config)) {
                assertThat(django.call("migrate").get("output").asString())
                        .contains("Applying sessions.0001_initial... OK");

                MigrationResult ours = SchemaMigrator.migrateConfigured(settings);

                assertThat(ours.nothingToDo()).as(ours.description()).isTrue();
                assertThat(ours.description()).isEqualTo("Table django_session already in place");
                assertThat(django.call("migrate").get("output").asString()).contains("No migrations to apply.");
                assertSessionsFlow(django, settings);
            }
        }
    }

    private static void assertSessionsFlow(DjangoPeer django, SessionSettings settings) {
        try (SessionEngine cloakroom = CloakroomSide.engine(settings)) {
            String fromDjango = django.call("create", "data", Map.of("side", "django")).get("key").asString();
            String fromCloakroom = CloakroomSide.create(cloakroom, Map.of("side", "cloakroom"));
            assertThat(CloakroomSide.read(cloakroom, fromDjango)).isEqualTo(Map.of("side", "django"));
            assertThat(DjangoPeer.data(django.call("load", "key", fromCloakroom)))
                    .isEqualTo(Map.of("side", "cloakroom"));
        }
    }
}
