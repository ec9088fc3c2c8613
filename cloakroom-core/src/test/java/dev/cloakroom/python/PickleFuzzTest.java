package dev.cloakroom.python;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fuzz target for {@link PickleReader}, which reads what anyone who can write to a shared cache put there. The
 * documented outcome for bad input is {@link UnreadablePickleException}; anything else thrown (a
 * StackOverflowError, an OutOfMemoryError, a ClassCastException) is a finding, and so is a value that is not plain
 * data. {@code mvn verify} replays the inputs under {@code PickleFuzzTestInputs/pickleReader/}: pickles CPython
 * wrote at every protocol, hostile ones among them.
 */
class PickleFuzzTest {

    @FuzzTest
    void pickleReader(byte[] input) {
        Object value;
        try {
            value = PickleReader.read(input);
        } catch (UnreadablePickleException refused) {
            return;
        }
        assertPlain(value, 0);
        try {
            // What was read must be writable again (Cloakroom writes back what it read), and read back the same.
            byte[] written = PickleWriter.write(value, PickleWriter.HIGHEST_PROTOCOL);
            assertThat(comparable(PickleReader.read(written))).isEqualTo(comparable(value));
        } catch (IllegalArgumentException refused) {
            // Deeper than the writer goes, or a tuple key (read as a list, which Python cannot hash) written back.
            assertThat(refused.getMessage()).containsAnyOf("deeper", "cannot hash");
        }
    }

    /** The value with bytes as hex text, which compares by content inside maps, lists and sets too. */
    private static Object comparable(Object value) {
        if (value instanceof byte[] bytes) {
            return "bytes:" + java.util.HexFormat.of().formatHex(bytes);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(comparable(k), comparable(v)));
            return copy;
        }
        if (value instanceof java.util.Set<?> set) {
            java.util.Set<Object> copy = new java.util.LinkedHashSet<>();
            set.forEach(item -> copy.add(comparable(item)));
            return copy;
        }
        if (value instanceof java.util.List<?> list) {
            return list.stream().map(PickleFuzzTest::comparable).toList();
        }
        return value;
    }

    private static void assertPlain(Object value, int depth) {
        assertThat(depth).isLessThanOrEqualTo(PickleReader.MAX_DEPTH + 1);
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                assertPlain(k, depth + 1);
                assertPlain(v, depth + 1);
            });
        } else if (value instanceof Iterable<?> items) {
            items.forEach(item -> assertPlain(item, depth + 1));
        } else {
            assertThat(value == null || value instanceof String || value instanceof Long
                    || value instanceof java.math.BigInteger || value instanceof Double || value instanceof Boolean
                    || value instanceof byte[]).as("a plain value, not a %s", value == null ? null : value.getClass()).isTrue();
        }
    }
}
