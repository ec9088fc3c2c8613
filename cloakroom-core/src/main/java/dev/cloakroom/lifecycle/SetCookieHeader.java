package dev.cloakroom.lifecycle;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Formats a {@link ResponseCookie} exactly as Django's responses do, which is Python's
 * {@code http.cookies.Morsel.OutputString()}: {@code name=value}, then the attributes sorted by their
 * lower-case names, which gives the order Domain, expires, HttpOnly, Max-Age, Partitioned, Path, SameSite,
 * Secure (with {@code expires} spelled in lower case; Partitioned sits where Python 3.14's Morsel, the first
 * to know it, puts it). Matching byte for byte lets Django and Cloakroom nodes
 * behind one load balancer be told apart by nothing, and lets tests compare against Django's own output.
 */
public final class SetCookieHeader {
    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};

    /** Python's {@code http.cookies._LegalChars}: a value made only of these is written unquoted. */
    private static final String LEGAL_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
            + "!#$%&'*+-.^_`|~:";
    /** Further characters Python leaves as they are inside a quoted value. */
    private static final String UNESCAPED_IN_QUOTES = LEGAL_CHARS + " ()/<=>?@[]{}";
    /** {@link #LEGAL_CHARS} as a table: a value is checked on every Set-Cookie, one lookup per character. */
    private static final boolean[] LEGAL = table(LEGAL_CHARS);

    private SetCookieHeader() {
    }

    /** The {@code Set-Cookie} header value for {@code cookie}. */
    public static String format(ResponseCookie cookie) {
        StringBuilder out = new StringBuilder();
        out.append(cookie.name()).append('=').append(quote(cookie.value()));
        // Morsel.OutputString skips any attribute whose value is "", so an empty Domain or Path is left out.
        if (cookie.domain() != null && !cookie.domain().isEmpty()) {
            out.append("; Domain=").append(cookie.domain());
        }
        if (cookie.expires() != null) {
            out.append("; expires=").append(httpDate(cookie.expires()));
        }
        if (cookie.httpOnly()) {
            out.append("; HttpOnly");
        }
        if (cookie.maxAge() != null) {
            out.append("; Max-Age=").append(cookie.maxAge());
        }
        if (cookie.partitioned()) {
            out.append("; Partitioned");
        }
        if (cookie.path() != null && !cookie.path().isEmpty()) {
            out.append("; Path=").append(cookie.path());
        }
        if (cookie.sameSite().attribute() != null) {
            out.append("; SameSite=").append(cookie.sameSite().attribute());
        }
        if (cookie.secure()) {
            out.append("; Secure");
        }
        return out.toString();
    }

    /**
     * Django's {@code http_date}: {@code Tue, 28 Nov 2023 22:13:20 GMT}, whole seconds; Python's
     * {@code email.utils.formatdate(usegmt=True)}, RFC 1123 with a two-digit day (Java's
     * {@code RFC_1123_DATE_TIME} drops its leading zero). Written field by field: a pattern formatter cost a
     * tenth of building the response's cookie. Years beyond four digits are written in full.
     */
    public static String httpDate(Instant instant) {
        LocalDateTime time = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        StringBuilder out = new StringBuilder(29);
        out.append(DAYS[time.getDayOfWeek().ordinal()]).append(", ");
        twoDigits(out, time.getDayOfMonth()).append(' ').append(MONTHS[time.getMonthValue() - 1]).append(' ');
        int year = time.getYear();
        for (int digits = year < 10 ? 3 : year < 100 ? 2 : year < 1000 ? 1 : 0; digits > 0; digits--) {
            out.append('0');
        }
        out.append(year).append(' ');
        twoDigits(out, time.getHour()).append(':');
        twoDigits(out, time.getMinute()).append(':');
        return twoDigits(out, time.getSecond()).append(" GMT").toString();
    }

    private static StringBuilder twoDigits(StringBuilder out, int value) {
        return out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    private static boolean[] table(String characters) {
        boolean[] table = new boolean[128];
        for (int i = 0; i < characters.length(); i++) {
            table[characters.charAt(i)] = true;
        }
        return table;
    }

    /**
     * Python's {@code http.cookies._quote}: a non-empty value of legal characters as it is; anything else
     * (including the empty value) in double quotes, with {@code "} and {@code \} backslash-escaped and other
     * Latin-1 characters outside the safe set as backslash-octal. Session keys and signed values never need
     * quoting; the empty value of a deletion cookie always does ({@code ""}).
     */
    static String quote(String value) {
        if (!value.isEmpty() && allLegal(value)) {
            return value;
        }
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 256 && UNESCAPED_IN_QUOTES.indexOf(c) < 0) {
                out.append('\\').append(String.format(java.util.Locale.ROOT, "%03o", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static boolean allLegal(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= LEGAL.length || !LEGAL[c]) {
                return false;
            }
        }
        return true;
    }
}
