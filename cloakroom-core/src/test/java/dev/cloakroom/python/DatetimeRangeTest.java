package dev.cloakroom.python;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DatetimeRangeTest {
    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00.123456789Z");

    @Test
    void anOrdinaryExpiryIsPlainAddition() {
        assertThat(DatetimeRange.plus(NOW, Duration.ofDays(14))).isEqualTo(NOW.plus(Duration.ofDays(14)));
        assertThat(DatetimeRange.plus(NOW, Duration.ofSeconds(-5))).isEqualTo(NOW.minusSeconds(5));
    }

    @Test
    void theEndsOfTheRangeAreReachedExactlyAndNeverPassed() {
        Duration toMax = Duration.between(NOW, DatetimeRange.MAX);
        assertThat(DatetimeRange.plus(NOW, toMax.minusNanos(1))).isEqualTo(DatetimeRange.MAX.minusNanos(1));
        assertThat(DatetimeRange.plus(NOW, toMax)).isEqualTo(DatetimeRange.MAX);
        assertThat(DatetimeRange.plus(NOW, toMax.plusNanos(1))).isEqualTo(DatetimeRange.MAX);
        Duration toMin = Duration.between(NOW, DatetimeRange.MIN);
        assertThat(DatetimeRange.plus(NOW, toMin.plusNanos(1))).isEqualTo(DatetimeRange.MIN.plusNanos(1));
        assertThat(DatetimeRange.plus(NOW, toMin.minusNanos(1))).isEqualTo(DatetimeRange.MIN);
    }

    @Test
    void durationsAndInstantsFarBeyondTheRangeSaturate() {
        Duration huge = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
        Duration hugeBack = Duration.ofSeconds(Long.MIN_VALUE);
        for (Instant from : List.of(NOW, Instant.MAX, Instant.MIN, DatetimeRange.MAX, DatetimeRange.MIN)) {
            assertThat(DatetimeRange.plus(from, huge)).isEqualTo(DatetimeRange.MAX);
            assertThat(DatetimeRange.plus(from, hugeBack)).isEqualTo(DatetimeRange.MIN);
        }
        assertThat(DatetimeRange.plus(Instant.MAX, Duration.ZERO)).isEqualTo(DatetimeRange.MAX);
        assertThat(DatetimeRange.plus(Instant.MIN, Duration.ZERO)).isEqualTo(DatetimeRange.MIN);
    }
}
