package dev.cloakroom.demo;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;
import dev.cloakroom.SessionValueException;
import dev.cloakroom.servlet.CloakroomSessions;
import dev.cloakroom.session.Expiry;
import dev.cloakroom.session.Session;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pages a visitor tries in a browser, each showing one part of Django's session API through
 * {@link Session}: a visit counter, a cart, log in (cycleKey) and log out (flush), the test cookie,
 * expiry controls and the session's own data. Forms post and redirect (303), so reloading never re-posts.
 */
final class DemoPages extends HttpServlet {
    static final String USER_KEY = "user";
    static final String CART_KEY = "cart";
    /** A one-shot message for the next page, as Django's messages framework keeps in the session. */
    private static final String FLASH_KEY = "_demo_flash";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Session session = CloakroomSessions.current(request);
        String body = switch (request.getServletPath()) {
            case "/" -> home();
            case "/counter" -> counter(session);
            case "/cart" -> cart(session);
            case "/login" -> login(session, request.getParameter("logged_out") != null);
            case "/test-cookie" -> testCookie(session, request.getParameter("check") != null);
            case "/expiry" -> expiry(session);
            case "/session" -> sessionData(session);
            default -> null;
        };
        if (body == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        // a flash that is not text (stored through the JSON API) is dropped like a shown one
        String flash = session.pop(FLASH_KEY, null) instanceof String text ? text : null;
        String page = (flash == null ? "" : "<p class=\"flash\" id=\"flash\">" + Html.escape(flash) + "</p>\n") + body;
        response.setContentType("text/html;charset=utf-8");
        response.getWriter().print(Html.page(title(request.getServletPath()), page, session));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        request.setCharacterEncoding("UTF-8");
        Session session = CloakroomSessions.current(request);
        String next = switch (request.getServletPath()) {
            case "/cart" -> changeCart(session, request);
            case "/login" -> logIn(session, request.getParameter("username"));
            case "/logout" -> {
                session.flush();
                yield "/login?logged_out=1";
            }
            case "/expiry" -> changeExpiry(session, request);
            default -> null;
        };
        if (next == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        // 303 by hand: sendRedirect(location, status) is Servlet 6.1, and Jetty's ee10 environment is 6.0
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", next);
    }

    private static String title(String path) {
        return switch (path) {
            case "/counter" -> "Visit counter";
            case "/cart" -> "Shopping cart";
            case "/login" -> "Log in";
            case "/test-cookie" -> "Test cookie";
            case "/expiry" -> "Expiry";
            case "/session" -> "This session";
            default -> "Cloakroom demo";
        };
    }

    private static String home() {
        return """
                <p>Django's session framework on the JVM. Every page here reads or writes your session through
                <code>SessionMiddleware</code>; your browser holds only the <code>sessionid</code> cookie (HttpOnly,
                so page scripts cannot read it).</p>
                <ul>
                <li><a href="/counter">Visit counter</a>: a number that survives page loads.</li>
                <li><a href="/cart">Shopping cart</a>: a list kept in the session.</li>
                <li><a href="/login">Log in / log out</a>: <code>cycleKey()</code> on login, <code>flush()</code> on logout.</li>
                <li><a href="/test-cookie">Test cookie</a>: does this browser keep cookies?</li>
                <li><a href="/expiry">Expiry</a>: seconds of inactivity, browser close, or the default.</li>
                <li><a href="/session">This session</a>: its data and expiry.</li>
                </ul>
                <p>JSON API: <code>GET/POST/DELETE /api/session</code>, <code>GET /count</code>, <code>GET /read</code>.</p>
                """;
    }

    private static String counter(Session session) {
        long count = SessionApi.count(session);
        if (count == Long.MAX_VALUE) {
            return "<p id=\"count-full\">The counter is at its maximum, <b id=\"count\">" + count + "</b>; log out "
                    + "to start over.</p>";
        }
        long next = count + 1;
        session.put(SessionApi.COUNT_KEY, next);
        return "<p>You have loaded this page <b id=\"count\">" + next + "</b> time" + (next == 1 ? "" : "s")
                + " in this session.</p><p class=\"note\">Reload to count; log out or wait for expiry to start over.</p>";
    }

    private static List<String> cartItems(Session session) {
        List<String> items;
        try {
            items = session.get(CART_KEY, new TypeReference<List<String>>() { });
        } catch (SessionValueException notAList) {
            items = null; // stored through the JSON API as something else: an empty cart, not a failed page
        }
        return items == null ? new ArrayList<>() : new ArrayList<>(items);
    }

    private static String cart(Session session) {
        List<String> items = cartItems(session);
        StringBuilder body = new StringBuilder();
        if (items.isEmpty()) {
            body.append("<p id=\"empty\">Your cart is empty.</p>");
        } else {
            body.append("<ol id=\"items\">");
            for (int i = 0; i < items.size(); i++) {
                body.append("<li>").append(Html.escape(items.get(i)))
                        .append(" <form method=\"post\" action=\"/cart\" style=\"display:inline\">")
                        .append("<input type=\"hidden\" name=\"action\" value=\"remove\">")
                        .append("<input type=\"hidden\" name=\"index\" value=\"").append(i).append("\">")
                        .append("<button>remove</button></form></li>");
            }
            body.append("</ol><form method=\"post\" action=\"/cart\"><input type=\"hidden\" name=\"action\" "
                    + "value=\"clear\"><button id=\"clear\">Empty the cart</button></form>");
        }
        body.append("<form method=\"post\" action=\"/cart\"><input type=\"hidden\" name=\"action\" value=\"add\">"
                + "<input name=\"item\" id=\"item\" placeholder=\"apple\" required> <button id=\"add\">Add</button>"
                + "</form>");
        return body.toString();
    }

    private static String changeCart(Session session, HttpServletRequest request) {
        List<String> items = cartItems(session);
        String action = String.valueOf(request.getParameter("action"));
        switch (action) {
            case "add" -> {
                String item = request.getParameter("item");
                if (item != null && !item.isBlank()) {
                    items.add(item.strip());
                    session.put(CART_KEY, items);
                }
            }
            case "remove" -> {
                int index = parseInt(request.getParameter("index"), -1);
                if (index >= 0 && index < items.size()) {
                    items.remove(index);
                    session.put(CART_KEY, items);
                }
            }
            case "clear" -> session.pop(CART_KEY, null);
            default -> { }
        }
        return "/cart";
    }

    private static String login(Session session, boolean loggedOut) {
        Object user = session.get(USER_KEY);
        String notice = loggedOut ? "<p class=\"flash\" id=\"flash\">Logged out: <code>flush()</code> deleted the "
                + "session's data and record, and the response deleted the cookie.</p>" : "";
        if (user != null) {
            return notice + "<p>Logged in as <b>" + Html.escape(user) + "</b>.</p>"
                    + "<form method=\"post\" action=\"/logout\"><button id=\"logout\">Log out</button></form>";
        }
        return notice + "<form method=\"post\" action=\"/login\"><label>Name <input name=\"username\" id=\"username\" "
                + "required></label> <button id=\"login\">Log in</button></form>"
                + "<p class=\"note\">No password: this shows what a login does to the session, not authentication."
                + "</p>";
    }

    private static String logIn(Session session, String username) {
        if (username == null || username.isBlank()) {
            return "/login";
        }
        String before = session.getSessionKey();
        // against session fixation, as django.contrib.auth.login does: same data, new key
        session.cycleKey();
        session.put(USER_KEY, username.strip());
        session.put(FLASH_KEY, "Logged in. cycleKey() moved your session from key " + Html.shortKey(before)
                + " to " + Html.shortKey(session.getSessionKey()) + ", so a key planted before login is worthless.");
        return "/login";
    }

    private static String testCookie(Session session, boolean check) {
        if (check) {
            boolean worked = session.testCookieWorked();
            if (worked) {
                session.deleteTestCookie();
            }
            return "<p id=\"result\">" + (worked ? "The test cookie worked: this browser keeps cookies."
                    : "The test cookie did not come back: cookies seem to be disabled.") + "</p>"
                    + "<p><a href=\"/test-cookie\">Try again</a></p>";
        }
        session.setTestCookie();
        return "<p>This page called <code>setTestCookie()</code>. Follow the link: the next request shows whether "
                + "the session (and so the cookie) came back.</p><p><a id=\"check\" href=\"/test-cookie?check=1\">"
                + "Check</a></p>";
    }

    private static String expiry(Session session) {
        Expiry current = session.getExpiry();
        String state = session.getExpireAtBrowserClose() ? "when the browser closes"
                : "after " + session.getExpiryAge() + " seconds";
        return "<p>Now: <code>" + Html.escape(current) + "</code>, the session ends <b id=\"expiry\">"
                + Html.escape(state) + "</b>.</p>"
                + "<form method=\"post\" action=\"/expiry\"><input type=\"hidden\" name=\"mode\" value=\"seconds\">"
                + "<input name=\"seconds\" id=\"seconds\" type=\"number\" value=\"300\"> <button id=\"set-seconds\">"
                + "Expire after this many seconds of inactivity</button></form>"
                + "<form method=\"post\" action=\"/expiry\"><input type=\"hidden\" name=\"mode\" value=\"browser\">"
                + "<button id=\"set-browser\">Expire when the browser closes</button></form>"
                + "<form method=\"post\" action=\"/expiry\"><input type=\"hidden\" name=\"mode\" value=\"default\">"
                + "<button id=\"set-default\">Back to the default (SESSION_COOKIE_AGE)</button></form>";
    }

    private static String changeExpiry(Session session, HttpServletRequest request) {
        switch (String.valueOf(request.getParameter("mode"))) {
            case "seconds" -> session.setExpiry(Math.max(1, parseInt(request.getParameter("seconds"), 300)));
            case "browser" -> session.setExpiry(0);
            case "default" -> session.setExpiry(Expiry.GLOBAL_POLICY);
            default -> { }
        }
        session.put(FLASH_KEY, "Expiry changed.");
        return "/expiry";
    }

    private static String sessionData(Session session) {
        StringBuilder rows = new StringBuilder();
        for (Map.Entry<String, Object> entry : session.items()) {
            rows.append("<tr><td><code>").append(Html.escape(entry.getKey())).append("</code></td><td><code>")
                    .append(Html.escape(json(entry.getValue()))).append("</code></td></tr>");
        }
        return "<table id=\"data\"><tr><th>key</th><th>value (JSON)</th></tr>" + rows + "</table>"
                + "<ul><li>session key: <code>" + Html.escape(Html.shortKey(session.getSessionKey())) + "</code></li>"
                + "<li>expiry age: <span id=\"expiry-age\">" + session.getExpiryAge() + "</span> seconds</li>"
                + "<li>expires: " + Html.escape(session.getExpiryDate()) + "</li>"
                + "<li>at browser close: <span id=\"browser-close\">" + session.getExpireAtBrowserClose()
                + "</span></li><li>engine: <code>" + Html.escape(session.engineName()) + "</code></li></ul>";
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JacksonException e) {
            return String.valueOf(value);
        }
    }

    private static int parseInt(String text, int fallback) {
        try {
            return Integer.parseInt(text == null ? "" : text.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
