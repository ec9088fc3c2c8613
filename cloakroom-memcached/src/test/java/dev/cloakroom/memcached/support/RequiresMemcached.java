package dev.cloakroom.memcached.support;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The test class runs on the shared local Memcached ({@link TestMemcached}). A server that cannot be reached
 * skips the class with the reason, except under {@code CI=true}, where it fails it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(MemcachedAvailableExtension.class)
public @interface RequiresMemcached {
}
