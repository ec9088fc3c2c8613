package dev.cloakroom.jdbc.pool;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.sql.SQLException;
import java.util.Optional;

/**
 * The pool the db engine opens from DATABASE_URL, with what guards its use: the breaker that fails requests
 * at once during an outage and, on SQLite, the database file that must stay the one opened.
 */
public final class EnginePool extends HikariDataSource {
    private final OutageBreaker breaker;
    private final SqliteFile sqliteFile;

    EnginePool(HikariConfig config, OutageBreaker breaker, SqliteFile sqliteFile) {
        super(config);
        this.breaker = breaker;
        this.sqliteFile = sqliteFile;
    }

    public OutageBreaker breaker() {
        return breaker;
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
