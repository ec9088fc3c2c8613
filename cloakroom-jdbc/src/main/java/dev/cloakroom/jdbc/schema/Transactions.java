package dev.cloakroom.jdbc.schema;

import java.sql.Connection;
import java.sql.SQLException;

/** Runs schema work in one transaction on a connection that is otherwise in autocommit, restoring it after. */
final class Transactions {
    /** Work on the connection that may throw SQLException. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private Transactions() {
    }

    /**
     * Commits what {@code work} did, or rolls it back when it throws. All or nothing where the database has
     * transactional DDL; MySQL commits each DDL statement by itself.
     */
    static <T> T inOne(Connection c, Work<T> work) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }
}
