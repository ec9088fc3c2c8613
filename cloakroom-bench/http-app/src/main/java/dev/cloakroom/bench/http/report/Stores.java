package dev.cloakroom.bench.http.report;

import java.util.Set;

/** Which variants keep their sessions in a server process of their own, whose CPU run.sh samples. */
final class Stores {
    private static final Set<String> LOCAL_PROCESS = Set.of("db-postgresql", "db-mariadb", "cache-redis",
            "cache-memcached", "cached-db", "spring-jdbc", "spring-redis", "pgbench");

    private Stores() {
    }

    static boolean isLocalProcess(String variant) {
        return LOCAL_PROCESS.contains(variant);
    }
}
