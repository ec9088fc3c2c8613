package dev.cloakroom.redis.support;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The test class starts its own Redis servers and Sentinels ({@link LocalRedisServers}), so it needs the
 * {@code redis-server} and {@code redis-sentinel} programs (Debian's redis-server and redis-sentinel packages).
 * Missing ones skip the class with the reason, except under {@code CI=true}, where they fail it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RedisBinariesExtension.class)
public @interface RequiresRedisBinaries {
}
