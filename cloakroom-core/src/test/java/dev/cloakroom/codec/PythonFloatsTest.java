package dev.cloakroom.codec;

import dev.cloakroom.python.PythonFloats;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Expected texts are CPython 3.11's {@code repr(float)} of the same double (given by its bit pattern);
 * non-finite values as {@code json.dumps} spells them. */
class PythonFloatsTest {
    @ParameterizedTest(name = "{1}")
    @CsvSource({
            "3ff8000000000000, 1.5",
            "3fb999999999999a, 0.1",
            "3ff0000000000000, 1.0",
            "4341c37937e08000, 1e+16",
            "4341c37937e07fff, 9999999999999998.0",
            "3e7ad7f29abcaf48, 1e-07",
            "3f1a36e2eb1c432d, 0.0001",
            "3ee4f8b588e368f1, 1e-05",
            "41678c29c0000000, 12345678.0",
            "0000000000000001, 5e-324",
            "7fefffffffffffff, 1.7976931348623157e+308",
            "0010000000000000, 2.2250738585072014e-308",
            "4480000000000000, 9.44473296573929e+21",
            "44b52d02c7e14af6, 1e+23",
            "c00921fb54442d18, -3.141592653589793",
            "8000000000000000, -0.0",
            "0000000000000000, 0.0",
            "7ff8000000000000, NaN",
            "7ff0000000000000, Infinity",
            "fff0000000000000, -Infinity",
    })
    void matchesPythonRepr(String bits, String expected) {
        double value = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
        assertThat(PythonFloats.repr(value)).isEqualTo(expected);
    }
}
