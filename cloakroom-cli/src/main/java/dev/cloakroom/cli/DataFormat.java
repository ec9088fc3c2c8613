package dev.cloakroom.cli;

import dev.cloakroom.codec.SessionCodec;
import dev.cloakroom.settings.SessionSettings;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.stream.Collectors;

/** Which of Django's two signed formats {@code encode} writes and {@code decode} reads (--format). */
enum DataFormat {
    /**
     * The session_data of the db, cached_db and file engines (salt {@code django.contrib.sessions.SessionStore}).
     * Django ignores its timestamp when decoding (the row or file carries the expiry), so no maximum age
     * applies unless --max-age asks for one.
     */
    SESSION("session", SessionCodec.SESSION_STORE_SALT) {
        @Override
        Duration defaultMaxAge(SessionSettings settings) {
            return null;
        }
    },
    /**
     * The cookie value of the signed_cookies engine (salt {@code django.contrib.sessions.backends.signed_cookies}):
     * Django rejects it once its timestamp is older than SESSION_COOKIE_AGE.
     */
    SIGNED_COOKIE("signed-cookie", SessionCodec.SIGNED_COOKIES_SALT) {
        @Override
        Duration defaultMaxAge(SessionSettings settings) {
            return Duration.ofSeconds(settings.cookieAge());
        }
    };

    private final String optionValue;
    private final String salt;

    DataFormat(String optionValue, String salt) {
        this.optionValue = optionValue;
        this.salt = salt;
    }

    String salt() {
        return salt;
    }

    /** The maximum age of the signature Django would enforce for this format; null for none. */
    abstract Duration defaultMaxAge(SessionSettings settings);

    @Override
    public String toString() {
        return optionValue;
    }

    /** Parses --format's values as written on the command line ({@code session}, {@code signed-cookie}). */
    static final class Converter implements ITypeConverter<DataFormat> {
        @Override
        public DataFormat convert(String value) {
            for (DataFormat format : values()) {
                if (format.optionValue.equals(value)) {
                    return format;
                }
            }
            throw new TypeConversionException("expected one of " + Arrays.stream(values())
                    .map(DataFormat::toString).collect(Collectors.joining(", ")) + " but was '" + value + "'");
        }
    }

    /** Lists the values in --help. */
    static final class Candidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(values()).map(DataFormat::toString).iterator();
        }
    }
}
