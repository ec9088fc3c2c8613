package dev.cloakroom.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonObjectsTest {

    @Test
    void keepsKeyOrderAtEveryLevel() {
        Map<String, Object> object = JsonObjects.parseObject("{\"z\":1,\"a\":{\"y\":2,\"b\":3},\"m\":null}");

        assertThat(object).isInstanceOf(LinkedHashMap.class);
        assertThat(object.keySet()).containsExactly("z", "a", "m");
        assertThat(object.get("a")).isInstanceOf(LinkedHashMap.class);
        assertThat(List.<Object>copyOf(((Map<?, ?>) object.get("a")).keySet())).containsExactly("y", "b");
    }

    @Test
    void integersAreLongsOrBigIntegersAndOtherNumbersDoubles() {
        Map<String, Object> object = JsonObjects.parseObject(
                "{\"small\":3,\"long\":9007199254740993,\"big\":123456789012345678901234567890,\"f\":1.5,"
                        + "\"e\":1e+16,\"nan\":NaN,\"l\":[1,2.0]}");

        assertThat(object.get("small")).isEqualTo(3L);
        assertThat(object.get("long")).isEqualTo(9007199254740993L);
        assertThat(object.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(object.get("f")).isEqualTo(1.5d);
        assertThat(object.get("e")).isEqualTo(1e16d);
        assertThat((Double) object.get("nan")).isNaN();
        assertThat(object.get("l")).isEqualTo(List.of(1L, 2.0d));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "\"foo\"", "42", "null", "true"})
    void refusesJsonThatIsNotAnObject(String json) {
        assertThatThrownBy(() -> JsonObjects.parseObject(json))
                .isInstanceOf(CommandFailedException.class)
                .hasMessageStartingWith("stdin must hold one JSON object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"foo\":", "{foo:1}", "{\"a\":1} {\"b\":2}", "not json"})
    void refusesMalformedOrTrailingJson(String json) {
        assertThatThrownBy(() -> JsonObjects.parseObject(json))
                .isInstanceOf(CommandFailedException.class)
                .hasMessageStartingWith("stdin is not valid JSON");
    }

    @Test
    void refusesEmptyInput() {
        assertThatThrownBy(() -> JsonObjects.parseObject(" \n"))
                .isInstanceOf(CommandFailedException.class)
                .hasMessage("no JSON object on stdin");
    }

    @Test
    void compactOutputIsWhatDjangosJsonSerializerWrites() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("name", "Zo\u00eb \u2603");
        object.put("l", List.of(1L, 2L));
        object.put("f", 1e16);

        assertThat(JsonObjects.compact(object))
                .isEqualTo("{\"name\":\"Zo\\u00eb \\u2603\",\"l\":[1,2],\"f\":1e+16}");
    }

    @Test
    void prettyOutputSpansLines() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("foo", "bar");
        object.put("n", 1L);

        String pretty = JsonObjects.pretty(object);

        assertThat(pretty.lines()).hasSizeGreaterThan(2);
        assertThat(JsonObjects.parseObject(pretty)).isEqualTo(object);
    }
}
