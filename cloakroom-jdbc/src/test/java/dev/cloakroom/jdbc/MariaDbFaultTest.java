package dev.cloakroom.jdbc;

import dev.cloakroom.jdbc.support.RequiresDatabase;
import dev.cloakroom.jdbc.support.TestDatabase;

@RequiresDatabase(TestDatabase.MARIADB)
class MariaDbFaultTest extends DatabaseFaultContract {
    @Override
    int serverPort() {
        return 3306;
    }
}
