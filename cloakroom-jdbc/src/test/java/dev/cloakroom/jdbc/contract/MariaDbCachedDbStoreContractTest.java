package dev.cloakroom.jdbc.contract;

import dev.cloakroom.jdbc.support.RequiresDatabase;
import dev.cloakroom.jdbc.support.TestDatabase;

/** The store contract and Django's CacheDBSessionTests on SESSION_ENGINE=cached_db over MariaDB. */
@RequiresDatabase(TestDatabase.MARIADB)
class MariaDbCachedDbStoreContractTest extends CachedDbStoreContract {
}
