package dev.cloakroom.interop;

class PostgresDbInteropTest extends DbInteropContract {
    @Override
    SharedDatabase.Kind kind() {
        return SharedDatabase.Kind.POSTGRESQL;
    }
}
