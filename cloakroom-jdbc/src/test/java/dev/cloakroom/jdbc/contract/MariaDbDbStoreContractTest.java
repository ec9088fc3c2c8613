package dev.cloakroom.jdbc.contract;

import dev.cloakroom.jdbc.support.RequiresDatabase;
import dev.cloakroom.jdbc.support.TestDatabase;

/** The store contract on SESSION_ENGINE=db over MariaDB. */
@RequiresDatabase(TestDatabase.MARIADB)
class MariaDbDbStoreContractTest extends DbStoreContract {
}
