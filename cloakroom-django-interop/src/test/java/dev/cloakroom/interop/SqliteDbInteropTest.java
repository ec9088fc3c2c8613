package dev.cloakroom.interop;

class SqliteDbInteropTest extends DbInteropContract {
    @Override
    SharedDatabase.Kind kind() {
        return SharedDatabase.Kind.SQLITE;
    }
}
