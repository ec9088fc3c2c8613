package dev.cloakroom.servlet;

import jakarta.servlet.http.Cookie;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads the session cookie's values from a request: the raw Cookie headers split as Django splits them, or
 * the cookies the container parsed when there are no headers. Never throws on what a
 * client sends; fuzzed by {@code SessionCookieValuesFuzzTest}.
 */
final class SessionCookieValues {
    private SessionCookieValues() {
    }

    /**
     * The values of every cookie named {@code cookieName}, in the order the request sent them: read from the
     * raw Cookie headers when the request has any, split as Django splits them, so that the container's own
     * parser (which builds a {@link Cookie} per cookie and checks each name) is not run on every request for
     * one value; from the container's parsed cookies only when there are no headers to read (a wrapper that
     * supplies cookies alone).
     *
     * @param cookies the container's parsed cookies ({@code getCookies()}, may be null)
     * @param headers the raw Cookie headers ({@code getHeaders("Cookie")}, may be null)
     */
    static List<String> of(Supplier<Cookie[]> cookies, Enumeration<String> headers, String cookieName) {
        if (headers != null && headers.hasMoreElements()) {
            return fromHeaders(headers, cookieName);
        }
        List<String> values = new ArrayList<>(1);
        Cookie[] parsed = cookies.get();
        if (parsed != null) {
            for (Cookie cookie : parsed) {
                if (cookieName.equals(cookie.getName())) {
                    // A name without a value ("sessionid" alone) reaches us as null; Django reads it as "".
                    String value = cookie.getValue();
                    values.add(value == null ? "" : unquote(value));
                }
            }
        }
        return values;
    }

    /**
     * The session cookie's values read from the raw Cookie headers, split as Django splits them (on ';', then
     * the first '='). This also sees a cookie that the container's parser would refuse (Jetty drops one with
     * non-ASCII bytes): Django sees it and, as an unknown key, deletes it; so must we, or the client keeps
     * sending it forever.
     */
    private static List<String> fromHeaders(Enumeration<String> headers, String cookieName) {
        List<String> values = new ArrayList<>(1);
        while (headers != null && headers.hasMoreElements()) {
            String header = headers.nextElement();
            if (header == null) {
                continue;
            }
            for (String chunk : header.split(";")) {
                int equals = chunk.indexOf('=');
                if (equals >= 0 && chunk.substring(0, equals).strip().equals(cookieName)) {
                    values.add(unquote(chunk.substring(equals + 1).strip()));
                }
            }
        }
        return values;
    }

    /**
     * A value in double quotes without them, as Django's cookie parsing reads it (Tomcat hands the quotes
     * through; Jetty already drops them). Session keys and signed values contain no escapes.
     */
    private static String unquote(String value) {
        if (value != null && value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
