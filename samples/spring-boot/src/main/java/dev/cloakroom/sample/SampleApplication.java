package dev.cloakroom.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot web application with Spring Security's form login and Spring MVC's session features, whose
 * sessions are Cloakroom's because the starter is on its class path: the code below only uses the servlet
 * and Spring APIs. Its package is trusted for typed session values without any setting, so the records and
 * beans it keeps in the session come back as themselves.
 */
@SpringBootApplication
public class SampleApplication {
    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
