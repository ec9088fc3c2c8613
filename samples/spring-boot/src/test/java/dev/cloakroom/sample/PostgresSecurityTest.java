package dev.cloakroom.sample;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/**
 * The same on PostgreSQL, in a scratch database made for this run and dropped after it, so that its
 * {@code django_session} table is the sample's alone.
 */
class PostgresSecurityTest extends SecurityEndToEndTest {
    private final String database = "cloakroom_sample_" + UUID.randomUUID().toString().replace("-", "");

    @Override
    List<String> storeProperties() throws Exception {
        Servers.requirePostgres();
        try (Connection connection = Servers.postgres("test"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        return List.of("cloakroom.session-engine=db",
                "cloakroom.database-url=" + Servers.POSTGRES_SERVER + database,
                "cloakroom.database-user=" + Servers.POSTGRES_USER);
    }

    @Override
    boolean stored(String key) throws Exception {
        try (Connection connection = Servers.postgres(database)) {
            return DjangoSessionTable.hasLiveRow(connection, key);
        }
    }

    @Override
    void checkStoredLogin(String key) throws Exception {
        try (Connection connection = Servers.postgres(database)) {
            StoredLogin.check(DjangoSessionTable.data(connection, key));
        }
    }

    @Override
    void cleanUp() throws Exception {
        try (Connection connection = Servers.postgres("test"); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }
}
