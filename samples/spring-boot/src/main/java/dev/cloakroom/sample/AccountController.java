package dev.cloakroom.sample;

import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.view.RedirectView;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The page behind the login: who is signed in, the notes kept in the session, and the logout button. */
@RestController
public class AccountController {
    static final String NOTES = "notes";

    @GetMapping(value = "/account", produces = "text/html")
    public String account(Authentication authentication, HttpSession session, CsrfToken csrf) {
        StringBuilder notes = new StringBuilder("<ul id=\"notes\">");
        for (Note note : notes(session)) {
            notes.append("<li class=\"note\" data-type=\"").append(Page.escape(note.getClass().getName()))
                    .append("\">").append(Page.escape(note.text())).append("</li>");
        }
        notes.append("</ul>");
        return Page.of("Account", "<p>Signed in as <strong id=\"user\">" + Page.escape(authentication.getName())
                + "</strong></p>"
                + "<h2>Notes</h2>" + notes
                + Page.form("/notes", csrf, "<input name=\"text\" id=\"note-text\" required>", "add-note", "Add note")
                + Page.form("/logout", csrf, "", "logout", "Log out"));
    }

    /** A CSRF-protected POST: without the token of this session Spring Security answers 403. */
    @PostMapping("/notes")
    public RedirectView addNote(@RequestParam String text, HttpSession session) {
        List<Note> notes = new ArrayList<>(notes(session));
        notes.add(new Note(text, Instant.now()));
        session.setAttribute(NOTES, notes);
        return new RedirectView("/account", true);
    }

    private static List<Note> notes(HttpSession session) {
        List<Note> notes = new ArrayList<>();
        if (session.getAttribute(NOTES) instanceof List<?> stored) {
            for (Object item : stored) {
                if (item instanceof Note note) {
                    notes.add(note);
                }
            }
        }
        return notes;
    }
}
