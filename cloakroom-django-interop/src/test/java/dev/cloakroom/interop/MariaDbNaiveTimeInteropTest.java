package dev.cloakroom.interop;

class MariaDbNaiveTimeInteropTest extends NaiveTimeInteropContract {
    @Override
    SharedDatabase.Kind kind() {
        return SharedDatabase.Kind.MARIADB;
    }
}
