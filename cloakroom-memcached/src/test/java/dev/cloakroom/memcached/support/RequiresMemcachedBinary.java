package dev.cloakroom.memcached.support;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The test class starts Memcached servers of its own ({@link OwnMemcached}) to stop and restart. Without a
 * {@code memcached} program the class is skipped with the reason, except under {@code CI=true}, where it fails.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(MemcachedBinary.class)
public @interface RequiresMemcachedBinary {
}
