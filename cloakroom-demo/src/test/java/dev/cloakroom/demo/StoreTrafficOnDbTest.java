package dev.cloakroom.demo;

import dev.cloakroom.jdbc.DbEngineProvider;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;
import org.junit.jupiter.api.Nested;

import java.util.List;

/**
 * Store traffic on the db engine, over SQLite, PostgreSQL and MariaDB: every statement the engine executes, through
 * a DataSource of the test's own on a private table (made by the migrator, as {@link HostileDatabase} makes it).
 */
class StoreTrafficOnDbTest {
    abstract static class OnDatabase extends StoreTrafficContract {
        HostileDatabase database;
        CountingDataSource dataSource;

        abstract HostileDatabase.Kind kind();

        @Override
        SessionSettings.Builder settings(SessionSettings.Builder base) throws Exception {
            database = new HostileDatabase(kind());
            dataSource = new CountingDataSource(database::connection);
            return database.connect(base.engine("db"));
        }

        @Override
        SessionEngines.Builder customise(SessionEngines.Builder builder) {
            return builder.provider(new DbEngineProvider(dataSource));
        }

        @Override
        List<TrafficMeter> meters() {
            return List.of(dataSource);
        }

        @Override
        String label() {
            return "db on " + kind();
        }

        @Override
        void cleanUp() throws Exception {
            if (database != null) {
                database.close();
            }
        }
    }

    @Nested
    class Sqlite extends OnDatabase {
        @Override
        HostileDatabase.Kind kind() {
            return HostileDatabase.Kind.SQLITE;
        }
    }

    @Nested
    class Postgres extends OnDatabase {
        @Override
        HostileDatabase.Kind kind() {
            return HostileDatabase.Kind.POSTGRES;
        }
    }

    @Nested
    class MariaDb extends OnDatabase {
        @Override
        HostileDatabase.Kind kind() {
            return HostileDatabase.Kind.MARIADB;
        }
    }
}
