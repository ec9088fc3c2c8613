package dev.cloakroom.demo;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import dev.cloakroom.SessionValueException;
import dev.cloakroom.servlet.CloakroomSessions;
import dev.cloakroom.session.Session;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON API tests and benchmarks drive:
 * <ul>
 *   <li>{@code GET /api/session}: {@code {"data": {...}, "expiry_age": n, "expire_at_browser_close": b}}</li>
 *   <li>{@code POST /api/session} with a JSON object: merges its keys into the session, answers like GET</li>
 *   <li>{@code DELETE /api/session}: flush, answers like GET (empty data)</li>
 *   <li>{@code GET /count}: increments {@code count}, answers the new value as text</li>
 *   <li>{@code GET /read}: answers {@code count} as text (0 when absent) without modifying the session</li>
 * </ul>
 */
final class SessionApi extends HttpServlet {
    static final String COUNT_KEY = "count";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Session session = CloakroomSessions.current(request);
        switch (request.getServletPath()) {
            case "/count" -> {
                long next = count(session) + 1;
                session.put(COUNT_KEY, next);
                text(response, Long.toString(next));
            }
            case "/read" -> text(response, Long.toString(count(session)));
            default -> describe(session, response);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/api/session".equals(request.getServletPath())) {
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.getInputStream());
        } catch (JacksonException e) {
            error(response, "the body is not JSON: " + e.getOriginalMessage());
            return;
        }
        if (body == null || !body.isObject()) {
            error(response, "the body must be a JSON object");
            return;
        }
        Map<String, Object> values = JSON.convertValue(body, JSON.getTypeFactory()
                .constructMapType(LinkedHashMap.class, String.class, Object.class));
        Session session = CloakroomSessions.current(request);
        session.update(values);
        describe(session, response);
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/api/session".equals(request.getServletPath())) {
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        Session session = CloakroomSessions.current(request);
        session.flush();
        describe(session, response);
    }

    /**
     * The visit count, 0 when absent or not a number: anyone can store anything under {@code count}
     * through POST /api/session, and an unusable value must restart the count, not fail the page.
     */
    static long count(Session session) {
        try {
            Long count = session.get(COUNT_KEY, Long.class);
            return count == null ? 0 : count;
        } catch (SessionValueException notANumber) {
            return 0;
        }
    }

    private static void describe(Session session, HttpServletResponse response) throws IOException {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("data", session.asMap());
        answer.put("expiry_age", session.getExpiryAge());
        answer.put("expire_at_browser_close", session.getExpireAtBrowserClose());
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        JSON.writeValue(response.getWriter(), answer);
    }

    private static void error(HttpServletResponse response, String message) throws IOException {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        JSON.writeValue(response.getWriter(), Map.of("error", message));
    }

    private static void text(HttpServletResponse response, String value) throws IOException {
        response.setContentType("text/plain;charset=utf-8");
        response.getWriter().print(value);
    }
}
