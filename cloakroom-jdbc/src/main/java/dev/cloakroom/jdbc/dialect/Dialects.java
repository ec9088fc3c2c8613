package dev.cloakroom.jdbc.dialect;

import dev.cloakroom.jdbc.JdbcCalls;

import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/** Picks the {@link Dialect} for a JDBC URL or for the database behind a DataSource. */
public final class Dialects {
    private Dialects() {
    }

    /** The dialect for {@code jdbc:sqlite:}, {@code jdbc:postgresql:}, {@code jdbc:mariadb:} or {@code jdbc:mysql:}. */
    public static Optional<Dialect> forUrl(String jdbcUrl) {
        String url = jdbcUrl.toLowerCase(Locale.ROOT);
        if (url.startsWith("jdbc:sqlite:")) {
            return Optional.of(new SqliteDialect());
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return Optional.of(new PostgresDialect());
        }
        if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
            return Optional.of(new MysqlDialect());
        }
        return Optional.empty();
    }

    /** The dialect for a database product name as JDBC metadata reports it. */
    public static Optional<Dialect> forProductName(String productName) {
        String product = productName.toLowerCase(Locale.ROOT);
        if (product.contains("sqlite")) {
            return Optional.of(new SqliteDialect());
        }
        if (product.contains("postgresql")) {
            return Optional.of(new PostgresDialect());
        }
        if (product.contains("mariadb") || product.contains("mysql")) {
            return Optional.of(new MysqlDialect());
        }
        return Optional.empty();
    }

    /**
     * The dialect of the database behind {@code dataSource}, asked through JDBC metadata over one connection.
     *
     * @throws UnsupportedDatabaseException when the database is not SQLite, PostgreSQL, MySQL or MariaDB
     * @throws dev.cloakroom.jdbc.DatabaseUnavailableException when no connection can be had
     */
    public static Dialect forDataSource(DataSource dataSource) {
        return new JdbcCalls(dataSource).run("detecting the database", c -> {
            String product = c.getMetaData().getDatabaseProductName();
            return forProductName(product).orElseThrow(() -> new UnsupportedDatabaseException(product));
        });
    }
}
