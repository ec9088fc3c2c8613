package dev.cloakroom.sample;

import jakarta.servlet.http.HttpSession;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/** The public home page, and a page that keeps an application record in the session through HttpSession. */
@RestController
public class HomeController {
    @GetMapping(value = "/", produces = "text/html")
    public String home() {
        return Page.of("Cloakroom sample", """
                <p>Sessions here are Cloakroom's: Django's format and cookie, kept in the session table of the
                configured database (or in Redis with the cache engine).</p>
                <p>Sign in on <a href="/account">the account page</a> as <code>alice</code> /
                <code>password</code> (a demo user).</p>""");
    }

    /** A handler taking the {@link HttpSession}: the record put there is a {@link Visits} again next time. */
    @GetMapping(value = "/visits", produces = "text/html")
    public String visits(HttpSession session) {
        Visits visits = session.getAttribute("visits") instanceof Visits previous
                ? previous.next()
                : Visits.first(Instant.now());
        session.setAttribute("visits", visits);
        return Page.of("Visits", "<p id=\"visits\">" + visits.count() + "</p>"
                + "<p id=\"visits-type\">" + Page.escape(visits.getClass().getName()) + "</p>"
                + "<p id=\"visits-first\">" + Page.escape(visits.first()) + "</p>");
    }
}
