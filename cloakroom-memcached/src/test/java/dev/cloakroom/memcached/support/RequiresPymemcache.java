package dev.cloakroom.memcached.support;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The test class asks a real Django 3.2 and pymemcache ({@link Pymemcache}: Debian's {@code python3-django} and
 * {@code python3-pymemcache} under {@code /usr/bin/python3}) what they compute. Without them the class is skipped
 * with the reason, except under {@code CI=true}, where it fails.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(Pymemcache.class)
public @interface RequiresPymemcache {
}
