package dev.cloakroom.jdbc.pool;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;

import java.sql.SQLException;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.Optional;

/**
 * The pool the db engine opens from DATABASE_URL, with what guards its use: the gate that keeps waiting
 * requests out of the pool's hand-off, the breaker that fails requests at once during an outage and, on
 * SQLite, the database file that must stay the one opened.
 */
public final class EnginePool extends HikariDataSource {
    private final OutageBreaker breaker;
    private final SqliteFile sqliteFile;
    private final int minimumIdle;
    private final ConnectionGate gate;

    EnginePool(HikariConfig config, String database, Duration probeInterval, LongSupplier nanoTime,
            SqliteFile sqliteFile) {
        super(config);
        this.minimumIdle = config.getMinimumIdle();
        this.breaker = new OutageBreaker(database, probeInterval, nanoTime, this::outageStarted, this::outageEnded);
        this.sqliteFile = sqliteFile;
        this.gate = new ConnectionGate(config.getMaximumPoolSize(), Duration.ofMillis(config.getConnectionTimeout()),
                config.getPoolName());
    }

    /**
     * Drops the connections (idle ones now, busy ones when returned), which are broken or hung by now, and
     * stops keeping idle ones until the outage ends. HikariCP retries a failed connection with a backoff that
     * doubles up to 5 s for as long as it wants connections; wanting none, it tries again only for the
     * breaker's probes, each time from a short backoff, so the database's return is noticed within a probe
     * interval or so, however long the outage lasted.
     */
    private void outageStarted() {
        getHikariConfigMXBean().setMinimumIdle(0);
        HikariPoolMXBean pool = getHikariPoolMXBean();
        if (pool != null) {
            pool.softEvictConnections();
        }
    }

    private void outageEnded() {
        getHikariConfigMXBean().setMinimumIdle(minimumIdle);
    }

    public OutageBreaker breaker() {
        return breaker;
    }

    /** What every unit of work on this pool passes before borrowing a connection. */
    public ConnectionGate gate() {
        return gate;
    }

    public Optional<SqliteFile> sqliteFile() {
        return Optional.ofNullable(sqliteFile);
    }

    /**
     * @throws SQLException (a connection failure) when an SQLite database file is no longer the one opened
     */
    public void requireSameDatabaseFile() throws SQLException {
        if (sqliteFile != null) {
            sqliteFile.requireUnchanged();
        }
    }
}
