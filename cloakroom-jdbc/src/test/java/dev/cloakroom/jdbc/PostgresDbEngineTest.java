package dev.cloakroom.jdbc;

import dev.cloakroom.jdbc.support.RequiresDatabase;
import dev.cloakroom.jdbc.support.TestDatabase;

@RequiresDatabase(TestDatabase.POSTGRES)
class PostgresDbEngineTest extends DbEngineContract {
}
