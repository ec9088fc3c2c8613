package dev.cloakroom.jdbc.dialect;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * A naive {@code expire_date} in one zone (UTC when USE_TZ, TIME_ZONE otherwise), bound and read as
 * Python's {@code str(datetime)} text. SQLite stores exactly this text and compares it as text, which
 * orders correctly because every value has the same shape; MySQL parses it into {@code datetime(6)}. Binding
 * text means no driver ever picks a format or converts between zones behind our back.
 */
final class NaiveTextExpireDate implements ExpireDateColumn {
    private final ZoneId zone;

    NaiveTextExpireDate(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public void bind(PreparedStatement statement, int index, Instant instant) throws SQLException {
        LocalDateTime local = LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), zone);
        statement.setString(index, PythonDateTimes.format(local));
    }

    /**
     * A naive time that occurs twice (the hour repeated when daylight saving ends, only possible without
     * USE_TZ) reads as the earlier instant; binding that instant again yields the same text, so conditional
     * updates still match the stored value.
     */
    @Override
    public Instant read(ResultSet row, int index) throws SQLException {
        String text = row.getString(index);
        if (text == null) {
            throw new CorruptExpireDateException("expire_date is NULL", null);
        }
        try {
            return PythonDateTimes.parse(text).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new CorruptExpireDateException("expire_date is not a date-time as Django writes it", e);
        }
    }

    /** The text itself: SQLite compares it as text, and MySQL parses it back into the same datetime(6). */
    @Override
    public Optional<String> storedText(ResultSet row, int index) throws SQLException {
        return Optional.ofNullable(row.getString(index));
    }

    @Override
    public String toString() {
        return "naive " + zone + " text";
    }
}
