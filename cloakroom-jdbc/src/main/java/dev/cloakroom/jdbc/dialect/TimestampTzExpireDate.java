package dev.cloakroom.jdbc.dialect;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * PostgreSQL's {@code timestamp with time zone}, which holds an absolute instant whatever USE_TZ says:
 * Django binds an aware UTC value under USE_TZ, and under USE_TZ=False a naive local value that the server
 * reads in the connection's zone, which Django sets to TIME_ZONE - the same instant either way. Binding an
 * {@link OffsetDateTime} in UTC stores that instant without depending on the session's TimeZone.
 */
final class TimestampTzExpireDate implements ExpireDateColumn {

    @Override
    public void bind(PreparedStatement statement, int index, Instant instant) throws SQLException {
        statement.setObject(index, OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
    }

    @Override
    public Instant read(ResultSet row, int index) throws SQLException {
        OffsetDateTime value = row.getObject(index, OffsetDateTime.class);
        if (value == null) {
            throw new SQLException("expire_date is NULL");
        }
        return value.toInstant();
    }

    @Override
    public String toString() {
        return "timestamptz";
    }
}
