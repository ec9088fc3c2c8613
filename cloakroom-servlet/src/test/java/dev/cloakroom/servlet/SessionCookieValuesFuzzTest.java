package dev.cloakroom.servlet;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import jakarta.servlet.http.Cookie;
import org.eclipse.jetty.http.ComplianceViolation;
import org.eclipse.jetty.http.CookieCompliance;
import org.eclipse.jetty.http.CookieParser;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz target for reading the session cookie from a request: hostile Cookie headers go through Jetty's own
 * RFC 6265 parser, as the container parses them, and then through {@link SessionCookieValues}, which also
 * reads the raw headers when the container refused the cookie. It must never throw, and every value it
 * returns must come from what the client sent. {@code mvn verify} replays the checked-in inputs under
 * {@code SessionCookieValuesFuzzTestInputs/cookieHeaders/}; see docs/reliability.md for longer runs.
 */
class SessionCookieValuesFuzzTest {
    private static final String NAME = "sessionid";

    @FuzzTest
    void cookieHeaders(FuzzedDataProvider input) {
        List<String> headers = new ArrayList<>();
        int count = input.consumeInt(1, 3);
        for (int i = 0; i < count; i++) {
            headers.add(i == count - 1 ? input.consumeRemainingAsString() : input.consumeString(200));
        }
        Cookie[] parsed = containerCookies(headers);

        List<String> values = SessionCookieValues.of(() -> parsed, Collections.enumeration(headers), NAME);

        String sent = String.join("\n", headers);
        for (String value : values) {
            assertThat(value).isNotNull();
            assertThat(sent).contains(value);
        }
    }

    /** What Jetty hands the application for these headers: the cookies it accepts, without the ones it refuses. */
    private static Cookie[] containerCookies(List<String> headers) {
        List<Cookie> cookies = new ArrayList<>();
        CookieParser parser = CookieParser.newParser((name, value, version, domain, path, comment) -> {
            try {
                cookies.add(new Cookie(name, value));
            } catch (IllegalArgumentException refusedName) {
                // the servlet API refuses names such as "" or "$Path": the container leaves such cookies out
            }
        }, CookieCompliance.RFC6265, ComplianceViolation.Listener.NOOP);
        try {
            parser.parseFields(headers);
        } catch (CookieParser.InvalidCookieException refused) {
            // Jetty answers 400 to such a request; the filter never sees it
            return null;
        }
        return cookies.isEmpty() ? null : cookies.toArray(new Cookie[0]);
    }
}
