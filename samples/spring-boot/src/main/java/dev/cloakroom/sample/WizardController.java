package dev.cloakroom.sample;

import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.bind.annotation.SessionAttributes;
import org.springframework.web.bind.support.SessionStatus;
import org.springframework.web.servlet.view.RedirectView;

/**
 * Spring MVC's {@code @SessionAttributes}: the {@link Wizard} lives in the session between the steps, each
 * POST binding its field onto the same object, until {@code finish} completes the session status.
 */
@Controller
@SessionAttributes("wizard")
public class WizardController {
    @ModelAttribute("wizard")
    public Wizard newWizard() {
        return new Wizard();
    }

    @GetMapping(value = "/wizard", produces = "text/html")
    @ResponseBody
    public String show(@ModelAttribute("wizard") Wizard wizard, CsrfToken csrf) {
        String step;
        if (wizard.getName() == null) {
            step = Page.form("/wizard", csrf, "<label>Name <input name=\"name\" id=\"name\"></label>", "next",
                    "Next");
        } else if (wizard.getColour() == null) {
            step = Page.form("/wizard", csrf, "<label>Colour <input name=\"colour\" id=\"colour\"></label>",
                    "next", "Next");
        } else {
            step = Page.form("/wizard/finish", csrf, "", "finish", "Finish");
        }
        return Page.of("Wizard", "<p id=\"wizard-type\">" + Page.escape(wizard.getClass().getName()) + "</p>"
                + "<p>Name: <span id=\"wizard-name\">" + Page.escape(wizard.getName()) + "</span></p>"
                + "<p>Colour: <span id=\"wizard-colour\">" + Page.escape(wizard.getColour()) + "</span></p>"
                + step);
    }

    @PostMapping("/wizard")
    public RedirectView next(@ModelAttribute("wizard") Wizard wizard) {
        return new RedirectView("/wizard", true);
    }

    @PostMapping("/wizard/finish")
    public RedirectView finish(SessionStatus status) {
        status.setComplete();
        return new RedirectView("/wizard", true);
    }
}
