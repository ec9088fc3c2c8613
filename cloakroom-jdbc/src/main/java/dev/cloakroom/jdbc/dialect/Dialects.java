package dev.cloakroom.jdbc.dialect;

import java.util.Locale;
import java.util.Optional;

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
}
