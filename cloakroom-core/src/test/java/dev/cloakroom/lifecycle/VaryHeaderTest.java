package dev.cloakroom.lifecycle;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Django's patch_vary_headers (reference section 5.5). */
class VaryHeaderTest {

    @Test
    void addsCookieWhenThereIsNoVary() {
        assertThat(VaryHeader.patch(null, "Cookie")).isEqualTo("Cookie");
    }

    @Test
    void appendsAfterExistingEntriesKeepingTheirOrderAndSpelling() {
        assertThat(VaryHeader.patch("Accept-Encoding,accept-language", "Cookie"))
                .isEqualTo("Accept-Encoding, accept-language, Cookie");
    }

    @Test
    void doesNotDuplicateInAnyLetterCase() {
        assertThat(VaryHeader.patch("Accept, cookie", "Cookie")).isEqualTo("Accept, cookie");
    }

    @Test
    void splitsOnCommasWithSurroundingSpaces() {
        assertThat(VaryHeader.patch("Accept  ,  Origin", "Cookie")).isEqualTo("Accept, Origin, Cookie");
    }

    @Test
    void starSwallowsEverything() {
        assertThat(VaryHeader.patch("Accept, *", "Cookie")).isEqualTo("*");
    }
}
