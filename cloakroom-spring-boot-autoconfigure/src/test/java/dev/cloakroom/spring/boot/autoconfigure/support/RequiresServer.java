package dev.cloakroom.spring.boot.autoconfigure.support;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The test class needs this local server. One that cannot be reached skips the class with the reason, except
 * under {@code CI=true}, where it fails it: the rule of cloakroom-jdbc's and cloakroom-redis's tests, whose
 * support classes are not published for other modules.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ServerAvailableExtension.class)
public @interface RequiresServer {
    TestServer value();
}
