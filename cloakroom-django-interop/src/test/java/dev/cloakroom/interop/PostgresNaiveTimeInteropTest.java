package dev.cloakroom.interop;

class PostgresNaiveTimeInteropTest extends NaiveTimeInteropContract {
    @Override
    SharedDatabase.Kind kind() {
        return SharedDatabase.Kind.POSTGRESQL;
    }
}
