package dev.cloakroom.interop;

class SqliteNaiveTimeInteropTest extends NaiveTimeInteropContract {
    @Override
    SharedDatabase.Kind kind() {
        return SharedDatabase.Kind.SQLITE;
    }
}
