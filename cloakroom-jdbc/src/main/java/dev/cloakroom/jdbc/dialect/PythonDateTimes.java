package dev.cloakroom.jdbc.dialect;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * Naive date-times as Python's {@code str(datetime)} writes them, which is what Django hands SQLite (and
 * what MySQL's {@code datetime(6)} holds): {@code YYYY-MM-DD HH:MM:SS}, followed by {@code .ffffff} only
 * when the microseconds are not zero.
 */
final class PythonDateTimes {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", java.util.Locale.ROOT);
    private static final DateTimeFormatter LENIENT = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd")
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    private PythonDateTimes() {
    }

    /** Python's {@code str()} of this naive date-time, at microsecond precision. */
    static String format(LocalDateTime time) {
        int micros = time.getNano() / 1_000;
        String seconds = SECONDS.format(time);
        return micros == 0 ? seconds : seconds + '.' + String.format(java.util.Locale.ROOT, "%06d", micros);
    }

    /**
     * Reads what Django's SQLite converter and MySQL return: a date and a time separated by a space or
     * {@code T}, with an optional fraction of up to nine digits.
     *
     * @throws DateTimeParseException for anything else
     */
    static LocalDateTime parse(String text) {
        return LocalDateTime.parse(text.trim(), LENIENT);
    }
}
