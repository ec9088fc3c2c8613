package dev.cloakroom.bench.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The one application every HTTP variant serves, through the servlet API's {@link HttpSession} so that the
 * same code runs whatever backs the session. {@code GET /count} reads {@code count}, adds one, writes it back
 * and answers the new value; {@code GET /read} answers {@code count} (0 when there is no session) and
 * changes nothing; {@code GET /empty} touches no session at all. The ceiling variant answers the same paths
 * without any session.
 */
public final class CounterServlet extends HttpServlet {
    static final String COUNT = "count";

    private final boolean sessionless;

    /**
     * @param sessionless true for the ceiling: the same paths answer without touching any session, so the gap
     *                    to a variant is what its session handling costs
     */
    public CounterServlet(boolean sessionless) {
        this.sessionless = sessionless;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long answer;
        if (sessionless) {
            answer = request.getServletPath().equals("/count") ? 1 : 0;
        } else switch (request.getServletPath()) {
            case "/count" -> {
                HttpSession session = request.getSession();
                answer = countIn(session) + 1;
                session.setAttribute(COUNT, answer);
            }
            case "/read" -> answer = countIn(request.getSession(false));
            case "/empty" -> answer = 0;
            default -> {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
        }
        byte[] body = Long.toString(answer).getBytes(StandardCharsets.US_ASCII);
        response.setContentType("text/plain");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** A count written by this servlet, whatever numeric type the session's format gives it back as. */
    private static long countIn(HttpSession session) {
        if (session == null) {
            return 0;
        }
        Object value = session.getAttribute(COUNT);
        return value instanceof Number number ? number.longValue() : 0;
    }
}
