package dev.cloakroom.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cloakroom.jdbc.pool.ConnectionGate;
import dev.cloakroom.jdbc.pool.EnginePool;
import dev.cloakroom.jdbc.pool.OutageBreaker;
import dev.cloakroom.store.SessionStoreException;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;

/**
 * Internal to the db engine (public only for its sub-packages).
 * Borrows a connection for one unit of work and turns JDBC failures into the store's unchecked exceptions.
 * Works in autocommit (one statement, one short transaction); a connection an application's own pool hands
 * out with autocommit off is committed after the work, or rolled back when it fails.
 */
public final class JdbcCalls {
    /** One unit of work on a borrowed connection. */
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final String label;
    /** The engine's own pool, whose breaker and SQLite file guard every call; null for an application's. */
    private final EnginePool enginePool;

    public JdbcCalls(DataSource dataSource) {
        this.dataSource = dataSource;
        this.label = describe(dataSource);
        this.enginePool = dataSource instanceof EnginePool pool ? pool : null;
    }

    /**
     * Runs {@code work}; {@code action} names it in error messages ("loading a session"). On the engine's own
     * pool, fails at once while the database is known to be unreachable, and never returns the result of work
     * done on an SQLite file that was deleted or replaced meanwhile.
     *
     * @throws DatabaseUnavailableException when the database cannot be reached
     * @throws SessionStoreException when it reports another failure
     */
    public <T> T run(String action, Work<T> work) {
        if (enginePool == null) {
            return runOnConnection(action, work, false);
        }
        OutageBreaker breaker = enginePool.breaker();
        OutageBreaker.Admission admission = breaker.admit(action);
        boolean settled = false;
        try {
            T result = runOnConnection(action, work, admission.probe());
            settled = true;
            breaker.reached(admission);
            return result;
        } catch (DatabaseUnavailableException e) {
            settled = true;
            if (e.getCause() instanceof SQLException failure && !isUnreachable(failure)) {
                // busy (every connection in use, or the server at its connection limit), not down
                breaker.reached(admission);
            } else {
                breaker.unreachable(admission, e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
            }
            throw e;
        } catch (RuntimeException e) {
            settled = true;
            breaker.reached(admission);
            throw e;
        } finally {
            if (!settled) {
                // an Error (out of memory, a stack overflow, a class that failed to load): it tells nothing of
                // the database, but a probe must not stay under way for ever
                breaker.abandoned(admission);
            }
        }
    }

    /**
     * @param probe the outage breaker's probe, which goes to the pool past the gate: held there behind units hung
     *              on a frozen database, it would time out without having tried the database, and a timeout at
     *              the gate reads as a busy pool, which would end the outage. There is one probe at a time.
     */
    private <T> T runOnConnection(String action, Work<T> work, boolean probe) {
        try {
            if (enginePool == null) {
                return runBorrowed(work);
            }
            enginePool.requireSameDatabaseFile();
            ConnectionGate gate = probe ? null : enginePool.gate();
            if (gate != null) {
                gate.enter();
            }
            try {
                T result = runBorrowed(work);
                // the work is done: reported only if it was done in the file that is still there
                enginePool.requireSameDatabaseFile();
                return result;
            } finally {
                if (gate != null) {
                    gate.leave();
                }
            }
        } catch (SQLException e) {
            throw translate(action, e);
        }
    }

    private <T> T runBorrowed(Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean manualCommit = !connection.getAutoCommit();
            try {
                T result = work.run(connection);
                if (manualCommit) {
                    connection.commit();
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                if (manualCommit) {
                    rollbackQuietly(connection, e);
                }
                throw e;
            }
        }
    }

    private SessionStoreException translate(String action, SQLException e) {
        if (isConnectionFailure(e)) {
            return new DatabaseUnavailableException("Session database " + label + " is unavailable while " + action
                    + ": " + e.getMessage(), e);
        }
        return new SessionStoreException("Session database " + label + " failed while " + action + ": "
                + e.getMessage(), e);
    }

    /** SQLState of a server that refuses a connection because it has too many (MySQL, MariaDB). */
    private static final String TOO_MANY_CONNECTIONS = "08004";

    /**
     * Whether {@code e} says the database cannot be reached at all (an outage), rather than that it is busy: a
     * server at its connection limit answers, and a pool that timed out while every connection was in use
     * carries no cause, where HikariCP attaches the last failure to connect (and its SQLState) when connecting
     * is what failed.
     */
    static boolean isUnreachable(SQLException e) {
        if (TOO_MANY_CONNECTIONS.equals(e.getSQLState())) {
            return false;
        }
        if (e instanceof SQLTransientConnectionException && e.getCause() == null && e.getNextException() == null) {
            return false;
        }
        return isConnectionFailure(e);
    }

    /** Pool timeouts, SQLState class 08 (connection exception) and the JDBC connection exception types. */
    static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException
                || (state != null && state.startsWith("08"));
    }

    private static void rollbackQuietly(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }

    /** The JDBC URL without the credentials it may carry, for messages. */
    static String describe(DataSource dataSource) {
        if (dataSource instanceof HikariDataSource pool && pool.getJdbcUrl() != null) {
            return DbSettings.printableUrl(pool.getJdbcUrl());
        }
        return "(" + dataSource.getClass().getSimpleName() + ")";
    }
}
