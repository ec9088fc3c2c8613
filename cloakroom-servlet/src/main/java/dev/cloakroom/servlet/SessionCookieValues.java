package dev.cloakroom.servlet;

import jakarta.servlet.http.Cookie;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

/**
 * Reads the session cookie's values from a request: the cookies the container parsed, or, when its parser
 * refused the session cookie, the raw Cookie headers split as Django splits them. Never throws on what a
 * client sends; fuzzed by {@code SessionCookieValuesFuzzTest}.
 */
final class SessionCookieValues {
    private SessionCookieValues() {
    }

    /**
     * The values of every cookie named {@code cookieName}, in the order the request sent them.
     *
     * @param cookies the container's parsed cookies ({@code getCookies()}, may be null)
     * @param headers the raw Cookie headers ({@code getHeaders("Cookie")}, may be null)
     */
    static List<String> of(Cookie[] cookies, Enumeration<String> headers, String cookieName) {
        List<String> values = new ArrayList<>(1);
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (cookieName.equals(cookie.getName())) {
                    // A name without a value ("sessionid" alone) reaches us as null; Django reads it as "".
                    String value = cookie.getValue();
                    values.add(value == null ? "" : unquote(value));
                }
            }
        }
        if (values.isEmpty()) {
            values.addAll(droppedByTheContainer(headers, cookieName));
        }
        return values;
    }

    /**
     * The session cookie's values read from the raw Cookie headers, split as Django splits them (on ';',
     * then the first '='), for a cookie the container's parser refused (Jetty drops one with non-ASCII
     * bytes). Django would see it and, as an unknown key, delete it; so must we, or the client keeps
     * sending it forever.
     */
    private static List<String> droppedByTheContainer(Enumeration<String> headers, String cookieName) {
        List<String> values = new ArrayList<>(0);
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
