package dev.cloakroom.sample;

import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.util.HtmlUtils;

/** The sample's pages, plain HTML without a template engine; every value written into one is escaped. */
final class Page {
    private Page() {
    }

    /** {@code value} as HTML text; nothing for null. */
    static String escape(Object value) {
        return value == null ? "" : HtmlUtils.htmlEscape(value.toString());
    }

    static String of(String title, String body) {
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>%s</title></head>
                <body><h1>%s</h1>
                %s
                <p><a href="/">Home</a> · <a href="/account">Account</a> · <a href="/wizard">Wizard</a> ·
                <a href="/basket">Basket</a> · <a href="/visits">Visits</a></p>
                </body></html>
                """.formatted(escape(title), escape(title), body);
    }

    /** The hidden field Spring Security's CSRF filter checks on every POST. */
    static String csrfField(CsrfToken token) {
        return "<input type=\"hidden\" name=\"" + escape(token.getParameterName()) + "\" value=\""
                + escape(token.getToken()) + "\">";
    }

    /** A form posting {@code fields} and the CSRF token to {@code action}, with one submit button. */
    static String form(String action, CsrfToken token, String fields, String buttonId, String button) {
        return "<form method=\"post\" action=\"" + escape(action) + "\">" + csrfField(token) + fields
                + "<button type=\"submit\" id=\"" + escape(buttonId) + "\">" + escape(button) + "</button></form>";
    }
}
