package dev.cloakroom.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cloakroom.jdbc.pool.PooledDataSources;
import dev.cloakroom.jdbc.schema.SchemaMigrator;
import dev.cloakroom.jdbc.support.DatabaseTestBase;
import dev.cloakroom.jdbc.support.RequiresDatabase;
import dev.cloakroom.jdbc.support.TestDatabase;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.testkit.MutableClock;
import dev.cloakroom.testkit.TcpProxy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A database that goes away and comes back, simulated by a TCP proxy in front of the local PostgreSQL. */
@RequiresDatabase(TestDatabase.POSTGRES)
class PostgresOutageTest extends DatabaseTestBase {
    static final TableName TABLE = TableName.of("sessions_outage");
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    /** Generous room for a loaded CI machine; a hang would take the 30 s socket timeout or forever. */
    static final Duration FAST = CONNECT_TIMEOUT.plusSeconds(3);
    static final Instant NOW = Instant.parse("2026-05-01T08:00:00Z");

    @Test
    void requestsFailFastWhileTheDatabaseIsDownAndThePoolRecoversWhenItReturns() throws Exception {
        new SchemaMigrator(db.pool(TABLE), db.dialect(), TABLE).migrate();
        try (TcpProxy proxy = new TcpProxy(5432)) {
            proxy.start();
            DbSettings direct = db.settings(TABLE, CONNECT_TIMEOUT, 4);
            DbSettings viaProxy = new DbSettings(direct.url().replace(":5432/", ":" + proxy.port() + "/"),
                    direct.user(), direct.password(), TABLE, CONNECT_TIMEOUT, 4, direct.waitTimeout());
            try (HikariDataSource pool = PooledDataSources.create(viaProxy, viaProxy.dialect())) {
                DbSessionStore store = new DbSessionStore(pool, viaProxy.dialect(), TABLE, true, ZoneOffset.UTC,
                        new MutableClock(NOW));
                SessionRecord record = new SessionRecord("survives the outage", NOW.plusSeconds(600));
                String key = "outage0000000000000000000000001";
                assertThat(store.create(key, record)).isTrue();

                proxy.stop();
                for (int attempt = 0; attempt < 3; attempt++) {
                    long started = System.nanoTime();
                    assertThatThrownBy(() -> store.load(key))
                            .isInstanceOf(DatabaseUnavailableException.class)
                            .hasMessageContaining("Session database jdbc:postgresql://127.0.0.1:" + proxy.port())
                            .hasMessageContaining("is unavailable while loading a session");
                    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(FAST);
                }
                // Once the outage is known, requests no longer wait for the connect timeout each.
                long failedFast = 0;
                long started = System.nanoTime();
                while (System.nanoTime() - started < CONNECT_TIMEOUT.toNanos()) {
                    assertThatThrownBy(() -> store.replace(key, record, record))
                            .isInstanceOf(DatabaseUnavailableException.class);
                    failedFast++;
                }
                assertThat(failedFast).as("requests failed within one connect timeout").isGreaterThan(20);

                proxy.start();
                long back = System.nanoTime();
                assertThat(loadWhenBack(store, key)).contains(record);
                assertThat(Duration.ofNanos(System.nanoTime() - back)).as("recovery").isLessThan(Duration.ofSeconds(2));
            }
        }
    }

    /** Polls with a real deadline: recovery is the pool reconnecting over the network, not a clock the test owns. */
    private static Optional<SessionRecord> loadWhenBack(DbSessionStore store, String key) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        DatabaseUnavailableException last = null;
        while (System.nanoTime() < deadline) {
            try {
                return store.load(key);
            } catch (DatabaseUnavailableException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the pool did not recover within 20 s", last);
    }
}
