package dev.cloakroom.jdbc.support;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The test class also needs the local Redis ({@link TestRedis}). A server that cannot be reached skips the
 * class with the reason, except under {@code CI=true}, where it fails it. The same rule as cloakroom-redis's
 * own tests, whose support classes are not published for other modules.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RedisAvailableExtension.class)
public @interface RequiresRedis {
}
