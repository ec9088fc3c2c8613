package dev.cloakroom.interop;

class PostgresMigrateOrderTest extends MigrateOrderContract {
    @Override
    SharedDatabase.Kind kind() {
        return SharedDatabase.Kind.POSTGRESQL;
    }
}
