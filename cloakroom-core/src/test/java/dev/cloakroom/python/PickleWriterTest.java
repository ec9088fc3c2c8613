package dev.cloakroom.python;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PickleWriterTest {

    @Test
    void writesTheOpcodesPythonChoosesForEachInteger() {
        // Each as CPython 3.11 writes it at protocol 4, without the frame.
        assertThat(hex(7L)).isEqualTo("80044b072e");
        assertThat(hex(65535L)).isEqualTo("80044dffff2e");
        assertThat(hex(-1L)).isEqualTo("80044affffffff2e");
        assertThat(hex(1L << 31)).isEqualTo("80048a05000000800" + "02e");
        assertThat(hex(BigInteger.TWO.pow(80))).isEqualTo("80048a0b00000000000000000000012e");
        assertThat(hex(BigInteger.TWO.pow(70).negate())).isEqualTo("80048a090000000000000000c02e");
        assertThat(hex(0.1)).isEqualTo("8004473fb999999999999a2e");
        assertThat(hex("caf\u00e9")).isEqualTo("80048c05636166c3a92e");
        assertThat(hex("a\uD800b")).isEqualTo("80048c0561eda080622e");
    }

    @Test
    void whatItWritesReadsBackAsTheSameValue() {
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("count", 3L);
        session.put("name", "caf\u00e9 \uD83D\uDE00");
        session.put("big", BigInteger.TWO.pow(80));
        session.put("f", -0.0);
        session.put("l", Arrays.asList(1L, null, true, false, List.of("x")));
        session.put("nested", Map.of("k", List.of()));
        session.put("set", new LinkedHashSet<>(List.of(1L, "two")));
        session.put("b", new byte[] {0, (byte) 0xff});
        session.put("long text", "x".repeat(300));
        for (int protocol : new int[] {4, 5}) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> back = (Map<Object, Object>) PickleReader.read(PickleWriter.write(session, protocol));
            assertThat((byte[]) back.remove("b")).containsExactly(0, 0xff);
            Map<String, Object> expected = new LinkedHashMap<>(session);
            expected.remove("b");
            assertThat(back).isEqualTo(expected);
            assertThat(back.keySet()).containsExactlyElementsOf(expected.keySet());
        }
    }

    @Test
    void writesLargeContainersInBatchesAsPythonDoes() {
        List<Long> many = new java.util.ArrayList<>();
        for (long i = 0; i < 2500; i++) {
            many.add(i);
        }
        assertThat(PickleReader.read(PickleWriter.write(many, 4))).isEqualTo(many);
    }

    @Test
    void refusesWhatIsNotPlainData() {
        assertThatThrownBy(() -> PickleWriter.write(Map.of("x", new Object()), 4))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PickleWriter.write(Map.of(), 6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PickleWriter.write(Map.of(List.of(1L), 2L), 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot hash");
    }

    private static String hex(Object value) {
        return HexFormat.of().formatHex(PickleWriter.write(value, 4));
    }
}
