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
 *   <li>{@code POST /api/session} with a JSON object: merges its keys into the session, answers like GET;
 *       a body over {@value #MAX_BODY_BYTES} bytes is refused with 413, a key starting with an underscore
 *       (the framework's own: {@code _session_expiry}, {@code _auth_user_id}) with 400</li>
 *   <li>{@code DELETE /api/session}: flush, answers like GET (empty data)</li>
 *   <li>{@code GET /count}: increments {@code count}, answers the new value as text; at 2^63-1 it answers
 *       409 and leaves the count alone</li>
 *   <li>{@code GET /read}: answers {@code count} as text (0 when absent) without modifying the session</li>
 * </ul>
 */
final class SessionApi extends HttpServlet {
    static final String COUNT_KEY = "count";
    /** Bodies a real application expects here are a few hundred bytes; anything near this is abuse. */
    static final int MAX_BODY_BYTES = 16 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Session session = CloakroomSessions.current(request);
        switch (request.getServletPath()) {
            case "/count" -> {
                long count = count(session);
                if (count == Long.MAX_VALUE) {
                    response.setStatus(HttpServletResponse.SC_CONFLICT);
                    text(response, "the count is at its maximum, " + Long.MAX_VALUE + "; it was not changed");
                    return;
                }
                session.put(COUNT_KEY, count + 1);
                text(response, Long.toString(count + 1));
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
        long declared = request.getContentLengthLong();
        byte[] raw = declared > MAX_BODY_BYTES ? null : request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (raw == null || raw.length > MAX_BODY_BYTES) {
            response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            JSON.writeValue(response.getWriter(), Map.of("error", "the body is over " + MAX_BODY_BYTES + " bytes"));
            return;
        }
        JsonNode body;
        try {
            body = JSON.readTree(raw);
        } catch (JacksonException e) {
            error(response, "the body is not JSON: " + e.getOriginalMessage());
            return;
        }
        if (body == null || !body.isObject()) {
            error(response, "the body must be a JSON object");
            return;
        }
        for (String key : body.propertyNames()) {
            if (key.startsWith("_")) {
                // keys of the framework: _session_expiry changes the expiry, _auth_user_id the login
                error(response, "keys starting with an underscore are reserved: " + key);
                return;
            }
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
