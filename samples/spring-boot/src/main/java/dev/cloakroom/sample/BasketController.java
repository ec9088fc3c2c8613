package dev.cloakroom.sample;

import jakarta.servlet.http.HttpSession;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.view.RedirectView;

/** Adds to the session-scoped {@link Basket} and shows what the session holds for it. */
@RestController
public class BasketController {
    /** Where Spring's session scope keeps the bean named {@code basket}. */
    static final String ATTRIBUTE = "scopedTarget.basket";

    private final Basket basket;

    public BasketController(Basket basket) {
        this.basket = basket;
    }

    @GetMapping(value = "/basket", produces = "text/html")
    public String show(HttpSession session, CsrfToken csrf) {
        StringBuilder items = new StringBuilder("<ul id=\"items\">");
        for (String item : basket.getItems()) {
            items.append("<li>").append(Page.escape(item)).append("</li>");
        }
        items.append("</ul>");
        Object stored = session.getAttribute(ATTRIBUTE);
        return Page.of("Basket", "<p id=\"basket-type\">" + Page.escape(stored == null ? null
                : stored.getClass().getName()) + "</p>" + items
                + Page.form("/basket", csrf, "<input name=\"item\" id=\"item\" required>", "add", "Add"));
    }

    @PostMapping("/basket")
    public RedirectView add(@RequestParam String item) {
        basket.add(item);
        return new RedirectView("/basket", true);
    }
}
