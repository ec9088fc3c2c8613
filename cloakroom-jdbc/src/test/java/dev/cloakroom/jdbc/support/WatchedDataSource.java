package dev.cloakroom.jdbc.support;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A DataSource in front of another that counts the connections taken and can be stopped, as a database
 * that went away: a test asserts that an operation never reached the database at all.
 */
public final class WatchedDataSource implements DataSource {
    private final DataSource delegate;
    private final AtomicInteger connectionsTaken = new AtomicInteger();
    private volatile boolean stopped;

    public WatchedDataSource(DataSource delegate) {
        this.delegate = delegate;
    }

    /** Connections handed out so far, and attempts refused while stopped. */
    public int connectionsTaken() {
        return connectionsTaken.get();
    }

    /** Refuses every further connection until {@link #restart()}. */
    public void stop() {
        stopped = true;
    }

    public void restart() {
        stopped = false;
    }

    @Override
    public Connection getConnection() throws SQLException {
        connectionsTaken.incrementAndGet();
        if (stopped) {
            throw new SQLException("the test stopped this database", "08001");
        }
        return delegate.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the store never asks for other credentials");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        return delegate.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || delegate.isWrapperFor(type);
    }
}
