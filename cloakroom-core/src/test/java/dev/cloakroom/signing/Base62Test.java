package dev.cloakroom.signing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Base62Test {
    @Test
    void encodesTheReferenceTimestamp() {
        assertThat(Base62.encode(1_700_000_000L)).isEqualTo("1r31eq");
        assertThat(Base62.decode("1r31eq")).isEqualTo(1_700_000_000L);
    }

    @Test
    void usesDigitsThenUpperThenLowerCase() {
        assertThat(Base62.encode(0)).isEqualTo("0");
        assertThat(Base62.encode(9)).isEqualTo("9");
        assertThat(Base62.encode(10)).isEqualTo("A");
        assertThat(Base62.encode(35)).isEqualTo("Z");
        assertThat(Base62.encode(36)).isEqualTo("a");
        assertThat(Base62.encode(61)).isEqualTo("z");
        assertThat(Base62.encode(62)).isEqualTo("10");
        assertThat(Base62.encode(62 * 62 - 1)).isEqualTo("zz");
    }

    @Test
    void negativesCarryALeadingMinus() {
        assertThat(Base62.encode(-1)).isEqualTo("-1");
        assertThat(Base62.encode(-62)).isEqualTo("-10");
        assertThat(Base62.decode("-10")).isEqualTo(-62);
    }

    @Test
    void roundTripsTheWholeLongRange() {
        for (long value : new long[] {0, 1, -1, 61, 62, -63, 1_700_000_000L, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertThat(Base62.decode(Base62.encode(value))).isEqualTo(value);
        }
        assertThat(Base62.encode(Long.MAX_VALUE)).isEqualTo("AzL8n0Y58m7");
    }

    @Test
    void refusesCharactersOutsideTheAlphabetEmptyTextAndOverflow() {
        assertThatThrownBy(() -> Base62.decode("1r3-eq")).isInstanceOf(SignedValueFormatException.class);
        assertThatThrownBy(() -> Base62.decode("")).isInstanceOf(SignedValueFormatException.class);
        assertThatThrownBy(() -> Base62.decode("1r31eq=")).isInstanceOf(SignedValueFormatException.class);
        assertThatThrownBy(() -> Base62.decode("AzL8n0Y58m8")).isInstanceOf(SignedValueFormatException.class);
    }
}
