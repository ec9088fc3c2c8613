package dev.cloakroom.interop;

class MariaDbMigrateOrderTest extends MigrateOrderContract {
    @Override
    SharedDatabase.Kind kind() {
        return SharedDatabase.Kind.MARIADB;
    }
}
