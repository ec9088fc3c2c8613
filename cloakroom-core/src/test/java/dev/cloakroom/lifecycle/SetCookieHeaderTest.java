package dev.cloakroom.lifecycle;

import dev.cloakroom.settings.SameSite;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class SetCookieHeaderTest {

    @Test
    void httpDateHasTwoDigitDayAndDropsFractions() {
        assertThat(SetCookieHeader.httpDate(Instant.parse("2024-03-05T06:07:08.999Z")))
                .isEqualTo("Tue, 05 Mar 2024 06:07:08 GMT");
        assertThat(SetCookieHeader.httpDate(Instant.EPOCH)).isEqualTo("Thu, 01 Jan 1970 00:00:00 GMT");
    }

    /** Python's formatdate(usegmt=True) as a pattern: the reference for every instant Django can write. */
    private static final java.time.format.DateTimeFormatter PYTHON_FORMATDATE = java.time.format.DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US).withZone(java.time.ZoneOffset.UTC);

    @Test
    void httpDateMatchesPythonsFormatAcrossDatetimesWholeRange() {
        java.util.Random random = new java.util.Random(42);
        long min = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(min + (long) (random.nextDouble() * (max - min)));
            assertThat(SetCookieHeader.httpDate(instant)).isEqualTo(PYTHON_FORMATDATE.format(instant));
        }
        assertThat(SetCookieHeader.httpDate(Instant.ofEpochSecond(min))).isEqualTo("Mon, 01 Jan 0001 00:00:00 GMT");
        assertThat(SetCookieHeader.httpDate(Instant.ofEpochSecond(max))).isEqualTo("Fri, 31 Dec 9999 23:59:59 GMT");
    }

    @Test
    void signedCookieValueCharactersAreNotQuoted() {
        String value = ".eJxVjE0OgjAYRO_StWlaCqV16Z4zNN9f:1r31eq:Y-3TLkxHXT9r-xuFZQmOMPoLm6-31edzGP9EOZpeeaM";
        assertThat(SetCookieHeader.quote(value)).isEqualTo(value);
    }

    @Test
    void emptyValueIsAPairOfQuotes() {
        assertThat(SetCookieHeader.quote("")).isEqualTo("\"\"");
    }

    @Test
    void otherValuesAreQuotedWithPythonEscapes() {
        assertThat(SetCookieHeader.quote("a b;c\"d\\é")).isEqualTo("\"a b\\073c\\\"d\\\\\\351\"");
    }

    @Test
    void negativeMaxAgeIsWrittenAsIs() {
        ResponseCookie cookie = new ResponseCookie("sessionid", "k", -5L, Instant.ofEpochSecond(1_699_999_995L),
                null, "/", false, false, SameSite.STRICT);
        assertThat(cookie.toHeaderValue())
                .isEqualTo("sessionid=k; expires=Tue, 14 Nov 2023 22:13:15 GMT; Max-Age=-5; Path=/; SameSite=Strict");
    }

    @Test
    void emptyPathAndDomainAreLeftOutAsPythonsMorselLeavesOutEmptyAttributes() {
        // Django passes SESSION_COOKIE_PATH = "" on to the cookie; Morsel.OutputString skips attributes whose
        // value is "", so the header has no Path at all (and the browser uses the request's directory).
        ResponseCookie set = new ResponseCookie("sessionid", "k", null, null, "", "", false, true, SameSite.LAX);
        assertThat(set.toHeaderValue()).isEqualTo("sessionid=k; HttpOnly; SameSite=Lax");
        ResponseCookie deletion = new ResponseCookie("sessionid", "", 0L, Instant.EPOCH, null, "", false, false,
                SameSite.LAX);
        assertThat(deletion.toHeaderValue())
                .isEqualTo("sessionid=\"\"; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; SameSite=Lax");
    }
}
