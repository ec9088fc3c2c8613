package dev.cloakroom.python;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Vectors written by CPython 3.11's {@code pickle.dumps}, at every protocol; hostile ones must be refused. */
class PickleReaderTest {
    /**
     * {@code {'count': 3, 'name': 'café 😀', 'big': 2**80, 'neg': -2**70, 'f': 0.1, 'l': [1, (2, 3), None, True,
     * False], 'm': -1, 'w': 65535, 'x': 65536, 'y': -2**31, 'z': 2**31}} at protocols 0 to 3.
     */
    private static final String[] PLAIN_DICT = {
        "286470300a56636f756e740a70310a49330a73566e616d650a70320a56636166e9205c5530303031663630300a70330a73566269670a70340a4c313230383932353831393631343632393137343730363137364c0a73566e65670a70350a4c2d313138303539313632303731373431313330333432344c0a7356660a70360a46302e310a73566c0a70370a286c70380a49310a612849320a49330a7470390a614e614930310a614930300a6173566d0a7031300a492d310a7356770a7031310a4936353533350a7356780a7031320a4936353533360a7356790a7031330a492d323134373438333634380a73567a0a7031340a4c323134373438333634384c0a732e",
        "7d7100285805000000636f756e7471014b0358040000006e616d657102580a000000636166c3a920f09f98807103580300000062696771044c313230383932353831393631343632393137343730363137364c0a58030000006e656771054c2d313138303539313632303731373431313330333432344c0a5801000000667106473fb999999999999a58010000006c71075d7108284b01284b024b037471094e4930310a4930300a6558010000006d710a4affffffff580100000077710b4dffff580100000078710c4a00000100580100000079710d4a0000008058010000007a710e4c323134373438333634384c0a752e",
        "80027d7100285805000000636f756e7471014b0358040000006e616d657102580a000000636166c3a920f09f98807103580300000062696771048a0b000000000000000000000158030000006e656771058a090000000000000000c05801000000667106473fb999999999999a58010000006c71075d7108284b014b024b038671094e88896558010000006d710a4affffffff580100000077710b4dffff580100000078710c4a00000100580100000079710d4a0000008058010000007a710e8a050000008000752e",
        "80037d7100285805000000636f756e7471014b0358040000006e616d657102580a000000636166c3a920f09f98807103580300000062696771048a0b000000000000000000000158030000006e656771058a090000000000000000c05801000000667106473fb999999999999a58010000006c71075d7108284b014b024b038671094e88896558010000006d710a4affffffff580100000077710b4dffff580100000078710c4a00000100580100000079710d4a0000008058010000007a710e8a050000008000752e",
    };

    /** The same dict plus {@code 's': {1, 2}} and {@code 'b': b'\x00\xff'}, at protocols 4 and 5. */
    private static final String[] FULL_DICT = {
        "800495a9000000000000007d94288c05636f756e74944b038c046e616d65948c0a636166c3a920f09f9880948c03626967948a0b00000000000000000000018c036e6567948a090000000000000000c08c016694473fb999999999999a8c016c945d94284b014b024b0386944e8889658c0173948f94284b014b02908c016294430200ff948c016d944affffffff8c0177944dffff8c0178944a000001008c0179944a000000808c017a948a050000008000752e",
        "800595a9000000000000007d94288c05636f756e74944b038c046e616d65948c0a636166c3a920f09f9880948c03626967948a0b00000000000000000000018c036e6567948a090000000000000000c08c016694473fb999999999999a8c016c945d94284b014b024b0386944e8889658c0173948f94284b014b02908c016294430200ff948c016d944affffffff8c0177944dffff8c0178944a000001008c0179944a000000808c017a948a050000008000752e",
    };

    static Map<Object, Object> expectedPlain() {
        Map<Object, Object> expected = new LinkedHashMap<>();
        expected.put("count", 3L);
        expected.put("name", "caf\u00e9 \uD83D\uDE00");
        expected.put("big", BigInteger.TWO.pow(80));
        expected.put("neg", BigInteger.TWO.pow(70).negate());
        expected.put("f", 0.1);
        expected.put("l", Arrays.asList(1L, List.of(2L, 3L), null, true, false));
        expected.put("m", -1L);
        expected.put("w", 65535L);
        expected.put("x", 65536L);
        expected.put("y", (long) Integer.MIN_VALUE);
        expected.put("z", 1L << 31);
        return expected;
    }

    @Test
    void readsEveryProtocolOfPython() {
        for (String hex : PLAIN_DICT) {
            assertThat(read(hex)).isEqualTo(expectedPlain());
        }
        for (String hex : FULL_DICT) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> value = (Map<Object, Object>) read(hex);
            assertThat(value.get("s")).isEqualTo(Set.of(1L, 2L));
            assertThat((byte[]) value.get("b")).containsExactly(0x00, 0xff);
            value.remove("s");
            value.remove("b");
            assertThat(value).isEqualTo(expectedPlain());
        }
    }

    @Test
    void keepsTheOrderOfADictAsPythonDoes() {
        @SuppressWarnings("unchecked")
        Map<Object, Object> value = (Map<Object, Object>) read(PLAIN_DICT[3]);
        assertThat(value.keySet()).containsExactly("count", "name", "big", "neg", "f", "l", "m", "w", "x", "y", "z");
    }

    @Test
    void sharedReferencesAreCopied() {
        // a = ['x']; {'a': a, 'b': a}
        assertThat(read("80049516000000000000007d94288c0161945d948c017894618c0162946802752e"))
                .isEqualTo(Map.of("a", List.of("x"), "b", List.of("x")));
    }

    @Test
    void loneSurrogatesSurviveAsPythonWritesThem() {
        assertThat(read("80049509000000000000008c0561eda08062942e")).isEqualTo("a\uD800b");
    }

    @Test
    void refusesAReduceOfOsSystemBeforeLookingAnythingUp() {
        // class E: __reduce__ = lambda self: (os.system, ('true',)), at protocols 4 and 0
        assertThatThrownBy(() -> read("8004951f000000000000008c05706f736978948c0673797374656d9493948c047472756594859452942e"))
                .isInstanceOf(UnreadablePickleException.class).hasMessageContaining("STACK_GLOBAL");
        assertThatThrownBy(() -> read("63706f7369780a73797374656d0a70300a2856747275650a70310a7470320a5270330a2e"))
                .isInstanceOf(UnreadablePickleException.class).hasMessageContaining("GLOBAL (0x63)");
    }

    @Test
    void refusesDatetimes() {
        assertThatThrownBy(() -> read("80049534000000000000007d948c047768656e948c086461746574696d65948c086461746574696d65949394430a07e401010000000000009485945294732e"))
                .isInstanceOf(UnreadablePickleException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "52", "62", "81", "92", "69", "6f", "82", "83", "84", "50", "51", "96", "97", "98", "53", "ff", "00"})
    void refusesEveryOpcodeThatBuildsObjects(String opcode) {
        assertThatThrownBy(() -> read("8004" + "4e" + opcode + "2e")).isInstanceOf(UnreadablePickleException.class);
    }

    @Test
    void refusesAListThatContainsItself() {
        // l = []; l.append(l)
        assertThatThrownBy(() -> read("80049506000000000000005d946800612e"))
                .isInstanceOf(UnreadablePickleException.class).hasMessageContaining("contains itself");
    }

    @Test
    void refusesAPickleThatDoublesItsSizeWithEachInstruction() {
        // x = []; then 30 times: x = [x, x] (through the memo): 2^30 values once shared ones are copied
        StringBuilder hex = new StringBuilder("8004").append("5d").append("94");
        for (int i = 0; i < 30; i++) {
            hex.append("28").append(String.format("68%02x", i)).append(String.format("68%02x", i))
                    .append("6c").append("94");
        }
        hex.append("2e");
        assertThatThrownBy(() -> read(hex.toString())).isInstanceOf(UnreadablePickleException.class)
                .hasMessageContaining("values");
    }

    @Test
    void refusesUnhashableKeys() {
        // MARK EMPTY_LIST NONE DICT: a list as a dict key, which Python could never have written
        assertThatThrownBy(() -> read("8004285d4e642e")).isInstanceOf(UnreadablePickleException.class)
                .hasMessageContaining("unhashable");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "80", "8004", "80044b", "8004580a000000", "80044e4e2e", "800430", "8004652e",
        "8004680a2e", "8004ffffffff", "80048bffffffff2e", "80064e2e", "8004588000000061"})
    void refusesMalformedPickles(String hex) {
        assertThatThrownBy(() -> read(hex)).isInstanceOf(UnreadablePickleException.class);
    }

    @Test
    void refusesHugeDecimalIntegers() {
        String digits = "9".repeat(PickleReader.MAX_DECIMAL_DIGITS + 1);
        byte[] pickle = ("I" + digits + "\n.").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> PickleReader.read(pickle)).isInstanceOf(UnreadablePickleException.class);
        assertThat(PickleReader.read(("I" + digits.substring(1) + "\n.").getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .isEqualTo(new BigInteger(digits.substring(1)));
    }

    private static Object read(String hex) {
        return PickleReader.read(HexFormat.of().parseHex(hex));
    }
}
