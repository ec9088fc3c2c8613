package dev.cloakroom.spring.boot.autoconfigure.testapp;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Counts requests in the servlet session, and says which HttpSession implementation holds the count. */
@RestController
public class CounterController {
    @GetMapping("/count")
    public String count(HttpServletRequest request) {
        HttpSession session = request.getSession();
        Object previous = session.getAttribute("count");
        int count = previous == null ? 1 : ((Number) previous).intValue() + 1;
        session.setAttribute("count", count);
        return count + " " + session.getClass().getName();
    }
}
