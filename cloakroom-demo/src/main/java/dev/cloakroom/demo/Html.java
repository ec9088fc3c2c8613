package dev.cloakroom.demo;

import dev.cloakroom.session.Session;

/** The demo's page frame and HTML escaping; every value a visitor can influence goes through {@link #escape}. */
final class Html {
    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}
            nav a{margin-right:.8rem} table{border-collapse:collapse} td,th{border:1px solid #ccc;padding:.3rem .6rem;
            text-align:left;vertical-align:top} code{background:#f3f3f3;padding:0 .2rem} .note{color:#555}
            .flash{background:#eef7ee;border:1px solid #9c9;padding:.5rem}
            """;

    private Html() {
    }

    static String escape(Object value) {
        String text = String.valueOf(value);
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** The first characters of a session key: enough to see it change, not enough to steal the session. */
    static String shortKey(String key) {
        return key == null ? "(none)" : key.substring(0, Math.min(6, key.length())) + "…";
    }

    static String page(String title, String body, Session session) {
        Object user = session.getOrDefault(DemoPages.USER_KEY, null);
        String fullTitle = title.equals("Cloakroom demo") ? title : title + " · Cloakroom demo";
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(fullTitle)
                + "</title><style>" + STYLE + "</style></head><body>\n"
                + "<nav><a href=\"/\">Home</a><a href=\"/counter\">Counter</a><a href=\"/cart\">Cart</a>"
                + "<a href=\"/login\">Log in</a><a href=\"/test-cookie\">Test cookie</a><a href=\"/expiry\">Expiry</a>"
                + "<a href=\"/session\">Session</a></nav>\n<h1>" + escape(title) + "</h1>\n" + body
                + "\n<hr><p class=\"note\">" + (user == null ? "Not logged in" : "Logged in as <b id=\"user\">"
                + escape(user) + "</b>") + " · engine <code>" + escape(session.engineName()) + "</code></p>"
                + "</body></html>\n";
    }
}
