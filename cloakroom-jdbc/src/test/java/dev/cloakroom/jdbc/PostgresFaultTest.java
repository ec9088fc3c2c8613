package dev.cloakroom.jdbc;

import dev.cloakroom.jdbc.support.RequiresDatabase;
import dev.cloakroom.jdbc.support.TestDatabase;

@RequiresDatabase(TestDatabase.POSTGRES)
class PostgresFaultTest extends DatabaseFaultContract {
    @Override
    int serverPort() {
        return 5432;
    }
}
