package dev.cloakroom.jdbc.dialect;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
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

    /** {@code 'infinity'} and {@code '-infinity'}, which Django can neither write nor read, are corrupt. */
    @Override
    public Instant read(ResultSet row, int index) throws SQLException {
        String text = row.getString(index);
        if (text == null) {
            throw new SQLException("expire_date is NULL");
        }
        if (text.endsWith("infinity")) {
            throw new CorruptExpireDateException("expire_date is " + text + ", which no Django writes", null);
        }
        try {
            return row.getObject(index, OffsetDateTime.class).toInstant();
        } catch (DateTimeException e) {
            throw new CorruptExpireDateException("expire_date is beyond what Django can read", e);
        }
    }

    @Override
    public String toString() {
        return "timestamptz";
    }
}
