package dev.cloakroom.interop;

class MariaDbDbInteropTest extends DbInteropContract {
    @Override
    SharedDatabase.Kind kind() {
        return SharedDatabase.Kind.MARIADB;
    }
}
