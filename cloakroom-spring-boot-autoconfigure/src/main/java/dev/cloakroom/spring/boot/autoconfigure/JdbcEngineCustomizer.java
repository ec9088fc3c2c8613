package dev.cloakroom.spring.boot.autoconfigure;

import dev.cloakroom.jdbc.DbEngineProvider;
import dev.cloakroom.jdbc.DbSettings;
import dev.cloakroom.jdbc.schema.MigrationResult;
import dev.cloakroom.jdbc.schema.SchemaMigrator;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * For the db and cached_db engines: puts the session table in the application's database and, when the
 * application has a single DataSource bean and DATABASE_URL is set nowhere, serves sessions from that
 * DataSource ({@link DbEngineProvider#DbEngineProvider(DataSource)}) instead of opening a second pool. With
 * DATABASE_URL set, or no DataSource, the engine opens its own pool from DATABASE_URL as everywhere else
 * (an SQLite file by default). Migrating first is what {@code bin/cloakroom migrate} does, idempotent and
 * recorded as Django's own migration; {@code cloakroom.migrate=false} leaves the table to the operator.
 */
final class JdbcEngineCustomizer implements SessionEngineCustomizer {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcEngineCustomizer.class);
    private static final Set<String> DB_ENGINES = Set.of(DbEngineProvider.ENGINE, DbEngineProvider.CACHED_ENGINE);

    private final Supplier<DataSource> applicationDataSource;
    private final boolean migrate;

    /** @param applicationDataSource the application's DataSource, or null from the supplier when it has none */
    JdbcEngineCustomizer(Supplier<DataSource> applicationDataSource, boolean migrate) {
        this.applicationDataSource = applicationDataSource;
        this.migrate = migrate;
    }

    @Override
    public void customize(SessionEngines.Builder builder, SessionSettings settings) {
        if (!DB_ENGINES.contains(settings.engine())) {
            return;
        }
        // A blank DATABASE_URL counts as unset, as the engine itself reads it.
        boolean urlSet = settings.raw(DbSettings.URL).filter(url -> !url.isBlank()).isPresent();
        DataSource dataSource = urlSet ? null : applicationDataSource.get();
        if (dataSource == null) {
            if (migrate) {
                log(SchemaMigrator.migrateConfigured(settings));
            }
            return;
        }
        if (migrate) {
            log(SchemaMigrator.forDataSource(dataSource, DbSettings.table(settings)).migrate());
        }
        builder.provider(new DbEngineProvider(dataSource));
    }

    private static void log(MigrationResult result) {
        LOG.info("Cloakroom session table: {}", result.description());
    }
}
