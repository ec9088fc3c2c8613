package dev.cloakroom.spring.boot.autoconfigure.testapp;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** A Boot application with one controller and whatever auto-configuration the test class path brings. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(CounterController.class)
public class CounterApplication {
}
