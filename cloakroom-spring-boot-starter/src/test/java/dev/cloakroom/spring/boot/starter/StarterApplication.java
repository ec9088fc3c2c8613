package dev.cloakroom.spring.boot.starter;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** An ordinary Boot web application that knows nothing of Cloakroom: it only uses the servlet session. */
@SpringBootApplication
@RestController
public class StarterApplication {
    @GetMapping("/count")
    public String count(HttpServletRequest request) {
        HttpSession session = request.getSession();
        Object previous = session.getAttribute("count");
        int count = previous == null ? 1 : ((Number) previous).intValue() + 1;
        session.setAttribute("count", count);
        return count + " " + session.getClass().getName();
    }
}
