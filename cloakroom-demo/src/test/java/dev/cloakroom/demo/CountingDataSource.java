package dev.cloakroom.demo;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A DataSource that hands out plain connections of the test's own and counts every statement executed on them,
 * classed by its SQL: SELECT is a read; INSERT, UPDATE and DELETE are writes; anything else (DDL, a SET, a
 * stored procedure call) is unexpected, and so is every connection call that is a round trip of its own
 * (commit, rollback, setAutoCommit...) or that could reach the database past the counting (getMetaData, unwrap).
 * A batch counts each of its statements.
 *
 * <p>The connections come from {@code DriverManager} (one per {@code getConnection}, closed when the engine closes
 * it): what is counted is what the engine executes, not what the driver sends to open a connection, which a pool
 * would do once. The engine is handed this DataSource through {@code new DbEngineProvider(dataSource)}.
 */
final class CountingDataSource implements DataSource, TrafficMeter {
    /** Connection calls that neither talk to the database nor hand out anything that could. */
    private static final Set<String> LOCAL_CONNECTION_CALLS = Set.of("close", "isClosed", "getAutoCommit",
            "getWarnings", "clearWarnings", "isReadOnly", "getTransactionIsolation", "hashCode", "equals", "toString");

    /** Opens a connection of the test's own (the counting wraps it). */
    interface Connector {
        Connection open() throws SQLException;
    }

    private final Connector connector;
    private final TrafficTally tally = new TrafficTally();

    CountingDataSource(Connector connector) {
        this.connector = connector;
    }

    @Override
    public String name() {
        return "db";
    }

    @Override
    public void begin() {
        tally.reset();
    }

    @Override
    public Traffic end() {
        return tally.traffic();
    }

    private void executed(String sql) {
        String compact = sql.strip().replaceAll("\\s+", " ");
        switch (firstWord(compact)) {
            case "SELECT" -> tally.read(compact);
            case "INSERT", "UPDATE", "DELETE" -> tally.write(compact);
            default -> tally.unexpected(compact);
        }
    }

    private void unexpectedCall(String call) {
        tally.unexpected(call);
    }

    /** The statement's first keyword, past leading comments and parentheses. */
    static String firstWord(String sql) {
        String rest = sql.strip();
        while (true) {
            if (rest.startsWith("/*") && rest.contains("*/")) {
                rest = rest.substring(rest.indexOf("*/") + 2).strip();
            } else if (rest.startsWith("--")) {
                int end = rest.indexOf('\n');
                rest = end < 0 ? "" : rest.substring(end + 1).strip();
            } else if (rest.startsWith("(")) {
                rest = rest.substring(1).strip();
            } else {
                break;
            }
        }
        int end = 0;
        while (end < rest.length() && Character.isLetter(rest.charAt(end))) {
            end++;
        }
        return rest.substring(0, end).toUpperCase(Locale.ROOT);
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = connector.open();
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                new ConnectionCalls(connection));
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the engine is expected to ask for a connection without credentials");
    }

    private final class ConnectionCalls implements InvocationHandler {
        private final Connection connection;

        ConnectionCalls(Connection connection) {
            this.connection = connection;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            Object result = call(connection, method, args);
            if (result instanceof Statement statement) {
                String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : null;
                Class<?> type = result instanceof CallableStatement ? CallableStatement.class
                        : result instanceof PreparedStatement && sql != null ? PreparedStatement.class : Statement.class;
                return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type},
                        new StatementCalls(statement, sql));
            }
            if (!LOCAL_CONNECTION_CALLS.contains(name) && !name.startsWith("prepare") && !name.equals("createStatement")) {
                unexpectedCall("Connection." + name);
            }
            return result;
        }
    }

    private final class StatementCalls implements InvocationHandler {
        private final Statement statement;
        /** A prepared statement's SQL; null for a plain Statement. */
        private final String preparedSql;
        private final List<String> batch = new ArrayList<>();

        StatementCalls(Statement statement, String preparedSql) {
            this.statement = statement;
            this.preparedSql = preparedSql;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            String sqlArgument = args != null && args.length > 0 && args[0] instanceof String text ? text : null;
            switch (name) {
                case "execute", "executeQuery", "executeUpdate", "executeLargeUpdate" ->
                        executed(sqlArgument != null ? sqlArgument : String.valueOf(preparedSql));
                case "addBatch" -> batch.add(sqlArgument != null ? sqlArgument : String.valueOf(preparedSql));
                case "clearBatch" -> batch.clear();
                case "executeBatch", "executeLargeBatch" -> {
                    batch.forEach(CountingDataSource.this::executed);
                    batch.clear();
                }
                case "getConnection", "unwrap" -> unexpectedCall("Statement." + name);
                default -> {
                }
            }
            return call(statement, method, args);
        }
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper of " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
