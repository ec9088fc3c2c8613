package dev.cloakroom.settings;

import java.time.Duration;
import java.util.Objects;

/**
 * When a {@link dev.cloakroom.cache.CircuitBreakingCacheBackend} stops calling its cache, and when it tries again: the settings
 * SESSION_CACHE_BREAKER_FAILURES, SESSION_CACHE_BREAKER_SLOW_FAILURE and SESSION_CACHE_BREAKER_RETRY.
 *
 * @param failures    consecutive failed calls that open the breaker; 0 turns the breaker off
 * @param slowFailure a failed call that took at least this long opens the breaker at once, whatever the count:
 *                    a cache that hangs until the timeout costs every request that timeout, so one such call is
 *                    enough evidence
 * @param retryAfter  how long an open breaker skips the cache before one probe call checks whether it answers
 */
public record CircuitBreakerPolicy(int failures, Duration slowFailure, Duration retryAfter) {
    /** The defaults: open after 3 failed calls in a row or one that took 500 ms, probe once a second. */
    public static final CircuitBreakerPolicy DEFAULT =
            new CircuitBreakerPolicy(3, Duration.ofMillis(500), Duration.ofSeconds(1));

    public CircuitBreakerPolicy {
        Objects.requireNonNull(slowFailure, "slowFailure");
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (failures < 0) {
            throw new IllegalArgumentException("failures must not be negative, got " + failures);
        }
        if (slowFailure.isNegative() || slowFailure.isZero()) {
            throw new IllegalArgumentException("slowFailure must be positive, got " + slowFailure);
        }
        if (retryAfter.isNegative() || retryAfter.isZero()) {
            throw new IllegalArgumentException("retryAfter must be positive, got " + retryAfter);
        }
    }

    /** Whether a breaker is wanted at all. */
    public boolean enabled() {
        return failures > 0;
    }

    public CircuitBreakerPolicy withFailures(int value) {
        return new CircuitBreakerPolicy(value, slowFailure, retryAfter);
    }

    public CircuitBreakerPolicy withSlowFailure(Duration value) {
        return new CircuitBreakerPolicy(failures, value, retryAfter);
    }

    public CircuitBreakerPolicy withRetryAfter(Duration value) {
        return new CircuitBreakerPolicy(failures, slowFailure, value);
    }
}
