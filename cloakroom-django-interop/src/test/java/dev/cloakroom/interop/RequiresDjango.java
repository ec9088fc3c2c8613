package dev.cloakroom.interop;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The test class drives a real Django 3.2: Debian's {@code python3-django} under {@code /usr/bin/python3} (with
 * {@code python3-psycopg2} and {@code python3-mysqldb} for the shared databases). Without it the class is skipped
 * with the reason, except under {@code CI=true}, where it fails: {@code .ci/run} installs it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(DjangoAvailableExtension.class)
@interface RequiresDjango {
}
