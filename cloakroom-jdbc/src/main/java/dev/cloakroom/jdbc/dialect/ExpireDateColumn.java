package dev.cloakroom.jdbc.dialect;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * How {@code expire_date} is written, compared and read on one database under one USE_TZ / TIME_ZONE
 * choice, exactly as Django does it there. Every statement that touches the column (insert, update,
 * {@code expire_date > ?}, {@code expire_date < ?}) binds through {@link #bind}, so comparisons always meet
 * the stored representation.
 *
 * <p>Instants are truncated to microseconds, the precision of all three databases (and of Python's
 * datetime), so a record read back equals the record written.
 */
public interface ExpireDateColumn {

    /** Binds {@code instant} as parameter {@code index} in the column's representation. */
    void bind(PreparedStatement statement, int index, Instant instant) throws SQLException;

    /** Reads column {@code index} of the current row. */
    Instant read(ResultSet row, int index) throws SQLException;

    /**
     * Column {@code index} of the current row as text exactly as the database holds it, where the column
     * compares as text and so may hold a value that other software wrote in another shape than {@link #bind}'s
     * (SQLite: {@code 2030-01-01 12:00:00.5} reads as the same instant as bind's {@code ...12:00:00.500000}, yet
     * {@code expire_date = ?} tells them apart). Empty where the database compares date-times by value, so that
     * binding what {@link #read} returned already matches the stored value.
     */
    default Optional<String> storedText(ResultSet row, int index) throws SQLException {
        return Optional.empty();
    }
}
