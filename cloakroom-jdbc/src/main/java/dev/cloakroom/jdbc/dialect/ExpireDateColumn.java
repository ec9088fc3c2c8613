package dev.cloakroom.jdbc.dialect;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

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
}
