package dev.cloakroom.session;

import dev.cloakroom.python.DatetimeRange;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class ExpiryPolicyTest {
    private static final Instant NOW = Instant.parse("2023-11-14T22:13:20Z");
    private final ExpiryPolicy utc = new ExpiryPolicy(1_209_600, false, true, ZoneId.of("America/Chicago"),
            Clock.fixed(NOW, ZoneOffset.UTC));
    private final ExpiryPolicy naive = new ExpiryPolicy(1_209_600, false, false, ZoneId.of("America/Chicago"),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void isoFormatMatchesPythonIsoformatWithMicroseconds() {
        assertThat(utc.isoFormat(Instant.parse("2030-01-02T03:04:05.678901Z")))
                .isEqualTo("2030-01-02T03:04:05.678901+00:00");
    }

    @Test
    void isoFormatOmitsZeroMicrosecondsAndTruncatesNanoseconds() {
        assertThat(utc.isoFormat(Instant.parse("2030-01-02T03:04:05Z"))).isEqualTo("2030-01-02T03:04:05+00:00");
        assertThat(utc.isoFormat(Instant.parse("2030-01-02T03:04:05.000000999Z")))
                .isEqualTo("2030-01-02T03:04:05+00:00");
    }

    @Test
    void naiveIsoFormatUsesTimeZoneWithoutOffset() {
        assertThat(naive.isoFormat(Instant.parse("2030-01-02T03:04:05Z"))).isEqualTo("2030-01-01T21:04:05");
        assertThat(naive.parseIso("2030-01-01T21:04:05")).isEqualTo(Instant.parse("2030-01-02T03:04:05Z"));
    }

    @Test
    void parsesTheShapesFromisoformatReads() {
        Instant expected = Instant.parse("2030-01-02T03:04:05.5Z");
        assertThat(utc.parseIso("2030-01-02T03:04:05.500000+00:00")).isEqualTo(expected);
        assertThat(utc.parseIso("2030-01-02 03:04:05.5+00:00")).isEqualTo(expected);
        assertThat(utc.parseIso("2030-01-02T03:04:05.5Z")).isEqualTo(expected);
        assertThat(utc.parseIso("not a date")).isNull();
    }

    @Test
    void eitherPolicyReadsBothNaiveAndOffsetTexts() {
        Instant instant = Instant.parse("2030-01-02T03:04:05Z");
        for (ExpiryPolicy policy : new ExpiryPolicy[] {utc, naive}) {
            assertThat(policy.parseIso("2030-01-01T21:04:05-06:00")).isEqualTo(instant);
            assertThat(policy.parseIso("2030-01-02t03:04:05z")).isEqualTo(instant);
            assertThat(policy.parseIso("2030-01-01 21:04:05")).isEqualTo(instant);
            assertThat(policy.parseIso("2030-01-01T21:04:05.5-")).isNull();
            assertThat(policy.parseIso("2030-01-01T21:04:05+25:00")).isNull();
        }
    }

    @Test
    void isoFormatPadsMicrosecondsToSixDigits() {
        assertThat(utc.isoFormat(Instant.parse("2030-01-02T03:04:05.000042Z")))
                .isEqualTo("2030-01-02T03:04:05.000042+00:00");
        assertThat(naive.isoFormat(Instant.parse("2030-01-02T03:04:05.100000Z"))).isEqualTo("2030-01-01T21:04:05.100000");
    }

    @Test
    void expiryAgeFloorsLikeDjango() {
        assertThat(utc.expiryAge(Expiry.at(NOW.plusMillis(10_900)), NOW)).isEqualTo(10);
        assertThat(utc.expiryAge(Expiry.at(NOW.plusMillis(500)), NOW)).isZero();
        assertThat(utc.expiryAge(Expiry.at(NOW.minusMillis(500)), NOW)).isEqualTo(-1);
        assertThat(utc.expiryAge(Expiry.at(NOW.minusMillis(10_200)), NOW)).isEqualTo(-11);
    }

    @Test
    void storedFormsRoundTrip() {
        assertThat(utc.toStored(Expiry.GLOBAL_POLICY)).isNull();
        assertThat(utc.toStored(Expiry.AT_BROWSER_CLOSE)).isEqualTo(0L);
        assertThat(utc.toStored(Expiry.afterInactivity(300))).isEqualTo(300L);
        assertThat(utc.toStored(Expiry.after(Duration.ofSeconds(10)))).isEqualTo("2023-11-14T22:13:30+00:00");
        assertThat(utc.fromStored(300L)).isEqualTo(new Expiry.Inactivity(300));
        assertThat(utc.fromStored(0L)).isEqualTo(Expiry.AT_BROWSER_CLOSE);
        assertThat(utc.fromStored("2023-11-14T22:13:30+00:00")).isEqualTo(Expiry.at(NOW.plusSeconds(10)));
    }

    @Test
    void defaultAndBrowserCloseUseCookieAge() {
        assertThat(utc.expiryAge(Expiry.GLOBAL_POLICY, NOW)).isEqualTo(1_209_600);
        assertThat(utc.expiryAge(Expiry.AT_BROWSER_CLOSE, NOW)).isEqualTo(1_209_600);
        assertThat(utc.expiryDate(Expiry.AT_BROWSER_CLOSE, NOW)).isEqualTo(NOW.plusSeconds(1_209_600));
        assertThat(utc.expiryDate(Expiry.afterInactivity(10), NOW)).isEqualTo(NOW.plusSeconds(10));
        assertThat(utc.expireAtBrowserClose(Expiry.GLOBAL_POLICY)).isFalse();
        assertThat(utc.expireAtBrowserClose(Expiry.AT_BROWSER_CLOSE)).isTrue();
    }

    @Test
    void isoDigitsAreAsciiWhateverTheDefaultLocale() {
        java.util.Locale previous = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.forLanguageTag("ar-SA"));
            Instant at = Instant.parse("2030-01-02T03:04:05.678901Z");
            Object stored = utc.toStored(Expiry.at(at));
            assertThat(stored).isEqualTo("2030-01-02T03:04:05.678901+00:00");
            assertThat(utc.fromStored(stored)).isEqualTo(Expiry.at(at));
        } finally {
            java.util.Locale.setDefault(previous);
        }
    }

    @Test
    void hugeExpiriesSaturateAtPythonsDatetimeRangeInsteadOfOverflowing() {
        assertThat(utc.recordExpiry(java.util.Map.of(ExpiryPolicy.EXPIRY_KEY, Long.MAX_VALUE), NOW))
                .isEqualTo(DatetimeRange.MAX);
        assertThat(utc.recordExpiry(java.util.Map.of(ExpiryPolicy.EXPIRY_KEY, Long.MIN_VALUE), NOW))
                .isEqualTo(DatetimeRange.MIN);
        java.math.BigInteger pythonBig = java.math.BigInteger.TWO.pow(64).add(java.math.BigInteger.valueOf(5));
        assertThat(utc.fromStored(pythonBig)).as("2**64+5 must not wrap to 5 seconds")
                .isEqualTo(new Expiry.Inactivity(Long.MAX_VALUE));
    }

    @Test
    void expiryInstantsBeyondPythonsDatetimeRangeAreStoredSaturatedSoDjangoCanReadThem() {
        // fromisoformat cannot read "+12017-..." (nor can any Django datetime hold it): stored as datetime.max.
        String max = "9999-12-31T23:59:59.999999+00:00";
        assertThat(utc.toStored(Expiry.at(Instant.MAX))).isEqualTo(max);
        assertThat(utc.toStored(Expiry.at(Instant.parse("+12017-03-25T22:13:20Z")))).isEqualTo(max);
        assertThat(utc.toStored(Expiry.after(Duration.ofDays(365L * 10_000)))).isEqualTo(max);
        assertThat(utc.toStored(Expiry.after(Duration.ofSeconds(Long.MAX_VALUE)))).isEqualTo(max);
        assertThat(utc.toStored(Expiry.at(Instant.MIN))).isEqualTo("0001-01-01T00:00:00+00:00");
    }

    /** 2024-10-20 12:00 in Chicago (CDT, UTC-5); two weeks later the clocks are back on CST (UTC-6). */
    private static final Instant BEFORE_FALL_BACK = Instant.parse("2024-10-20T17:00:00Z");

    /**
     * With USE_TZ false Django's datetimes are naive local time, so it adds a lifetime to the wall clock:
     * 12:00 plus two weeks is 12:00 again across the change to winter time, one hour later in absolute time.
     */
    @Test
    void naiveLifetimesAreAddedToTheWallClockAsDjangoDoes() {
        ExpiryPolicy naiveNow = new ExpiryPolicy(1_209_600, false, false, ZoneId.of("America/Chicago"),
                Clock.fixed(BEFORE_FALL_BACK, ZoneOffset.UTC));
        Instant twoWeeksOnTheWallClock = Instant.parse("2024-11-03T18:00:00Z");

        assertThat(naiveNow.expiryDate(Expiry.GLOBAL_POLICY, BEFORE_FALL_BACK)).isEqualTo(twoWeeksOnTheWallClock);
        assertThat(naiveNow.expiryDate(Expiry.afterInactivity(1_209_600), BEFORE_FALL_BACK))
                .isEqualTo(twoWeeksOnTheWallClock);
        assertThat(naiveNow.isoFormat(twoWeeksOnTheWallClock)).isEqualTo("2024-11-03T12:00:00");
        assertThat(naiveNow.toStored(Expiry.after(Duration.ofDays(14)))).isEqualTo("2024-11-03T12:00:00");
        assertThat(naiveNow.expiryAge(Expiry.at(twoWeeksOnTheWallClock), BEFORE_FALL_BACK)).isEqualTo(1_209_600);
        assertThat(naiveNow.expiryAge(naiveNow.fromStored("2024-11-03T12:00:00"), BEFORE_FALL_BACK))
                .isEqualTo(1_209_600);
    }

    /** With USE_TZ true Django works in aware UTC datetimes: a lifetime is exactly that many seconds. */
    @Test
    void awareLifetimesAreAbsoluteSeconds() {
        ExpiryPolicy awareNow = new ExpiryPolicy(1_209_600, false, true, ZoneId.of("America/Chicago"),
                Clock.fixed(BEFORE_FALL_BACK, ZoneOffset.UTC));
        Instant twoWeeks = BEFORE_FALL_BACK.plusSeconds(1_209_600);

        assertThat(awareNow.expiryDate(Expiry.GLOBAL_POLICY, BEFORE_FALL_BACK)).isEqualTo(twoWeeks);
        assertThat(awareNow.toStored(Expiry.after(Duration.ofDays(14)))).isEqualTo("2024-11-03T17:00:00+00:00");
        assertThat(awareNow.expiryAge(Expiry.at(twoWeeks), BEFORE_FALL_BACK)).isEqualTo(1_209_600);
    }
}
