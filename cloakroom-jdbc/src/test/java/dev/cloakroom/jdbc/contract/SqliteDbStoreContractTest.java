package dev.cloakroom.jdbc.contract;

import dev.cloakroom.jdbc.support.RequiresDatabase;
import dev.cloakroom.jdbc.support.TestDatabase;

/** The store contract on SESSION_ENGINE=db over SQLite. */
@RequiresDatabase(TestDatabase.SQLITE)
class SqliteDbStoreContractTest extends DbStoreContract {
}
