package dev.cloakroom.interop;

class SqliteMigrateOrderTest extends MigrateOrderContract {
    @Override
    SharedDatabase.Kind kind() {
        return SharedDatabase.Kind.SQLITE;
    }
}
