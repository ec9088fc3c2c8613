package dev.cloakroom.jdbc;

import com.zaxxer.hikari.HikariDataSource;
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

    public JdbcCalls(DataSource dataSource) {
        this.dataSource = dataSource;
        this.label = describe(dataSource);
    }

    /** Runs {@code work}; {@code action} names it in error messages ("loading a session"). */
    public <T> T run(String action, Work<T> work) {
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
        } catch (SQLException e) {
            throw translate(action, e);
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

    /** The JDBC URL without its query part (which may carry credentials), for messages. */
    static String describe(DataSource dataSource) {
        if (dataSource instanceof HikariDataSource pool && pool.getJdbcUrl() != null) {
            String url = pool.getJdbcUrl();
            int query = url.indexOf('?');
            return query < 0 ? url : url.substring(0, query);
        }
        return "(" + dataSource.getClass().getSimpleName() + ")";
    }
}
