package dev.cloakroom.codec;

import dev.cloakroom.SessionValueException;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.cloakroom.testsupport.DjangoVectors.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each expected text below is what CPython 3.11's {@code json.dumps(value, separators=(",", ":"))} printed
 * for the same value, which is what Django's JSONSerializer stores.
 */
class DjangoJsonSerializerTest {
    private final DjangoJsonSerializer json = new DjangoJsonSerializer();

    private String dumps(Map<String, Object> data) {
        byte[] bytes = json.dumps(data);
        String text = new String(bytes, StandardCharsets.US_ASCII);
        for (byte b : bytes) {
            assertThat(b).as("every byte printable ASCII").isBetween((byte) 0x20, (byte) 0x7e);
        }
        return text;
    }

    private Map<String, Object> loads(String text) {
        return json.loads(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void nonAsciiIsEscapedWithLowerCaseHexAndAstralCharsAsSurrogatePairs() {
        assertThat(dumps(map("text", "Zoë ☃ 😀 ÿ\u0080 tab\there")))
                .isEqualTo("{\"text\":\"Zo\\u00eb \\u2603 \\ud83d\\ude00 \\u00ff\\u0080 tab\\there\"}");
    }

    @Test
    void controlCharactersAndDelUseShortOrUnicodeEscapes() {
        assertThat(dumps(map("ctl", "\u0000\u0001\u0007\b\t\n\u000b\f\r\u001b\u001f\u0020\u007e\u007f")))
                .isEqualTo("{\"ctl\":\"\\u0000\\u0001\\u0007\\b\\t\\n\\u000b\\f\\r\\u001b\\u001f ~\\u007f\"}");
    }

    @Test
    void quotesAndBackslashesAreEscapedButSlashIsNot() {
        assertThat(dumps(map("punct", "a/b \"q\" back\\slash <>&'")))
                .isEqualTo("{\"punct\":\"a/b \\\"q\\\" back\\\\slash <>&'\"}");
    }

    @Test
    void keysAreEscapedLikeValues() {
        assertThat(dumps(map("clé\n😀", 1))).isEqualTo("{\"cl\\u00e9\\n\\ud83d\\ude00\":1}");
    }

    @Test
    void loneSurrogatesAreWrittenAsPythonDoes() {
        assertThat(dumps(map("s", "\ud800x\udfff"))).isEqualTo("{\"s\":\"\\ud800x\\udfff\"}");
    }

    @Test
    void floatsUsePythonRepr() {
        List<Double> floats = List.of(1.5, 0.1, 1.0, 1e16, 1e-07, 12345678.0, 1e15, 0.0001, 1e-05, -2.5e-10,
                123456789.123456789, 1.0 / 3, 9.223372036854776e18, 5e-324, -0.0);
        assertThat(dumps(map("f", floats))).isEqualTo("{\"f\":[1.5,0.1,1.0,1e+16,1e-07,12345678.0,"
                + "1000000000000000.0,0.0001,1e-05,-2.5e-10,123456789.12345679,0.3333333333333333,"
                + "9.223372036854776e+18,5e-324,-0.0]}");
    }

    @Test
    void floatValuesAreWrittenAsTheDecimalTheyShow() {
        assertThat(dumps(map("f", 0.1f))).isEqualTo("{\"f\":0.1}");
    }

    @Test
    void nonFiniteFloatsAreWrittenAndReadBack() {
        Map<String, Object> data = map("nan", Double.NaN, "inf", Double.POSITIVE_INFINITY,
                "ninf", Double.NEGATIVE_INFINITY);
        assertThat(dumps(data)).isEqualTo("{\"nan\":NaN,\"inf\":Infinity,\"ninf\":-Infinity}");
        assertThat(loads("{\"nan\":NaN,\"inf\":Infinity,\"ninf\":-Infinity}")).isEqualTo(data);
    }

    @Test
    void integersOfAnySizeAreWrittenInFull() {
        List<Object> ints = List.of(0, -1, 2147483648L, Long.MAX_VALUE, BigInteger.TWO.pow(63),
                BigInteger.TWO.pow(63).negate().subtract(BigInteger.ONE), BigInteger.TEN.pow(30));
        assertThat(dumps(map("i", ints))).isEqualTo("{\"i\":[0,-1,2147483648,9223372036854775807,"
                + "9223372036854775808,-9223372036854775809,1000000000000000000000000000000]}");
    }

    @Test
    @SuppressWarnings("unchecked")
    void integersReadBackAsLongAndBigIntegerBeyond() {
        Map<String, Object> read = loads("{\"i\":[0,-1,2147483648,9223372036854775807,"
                + "9223372036854775808,-9223372036854775809],\"n\":{\"x\":7},\"f\":2.0}");
        assertThat((List<Object>) read.get("i")).containsExactly(0L, -1L, 2147483648L, Long.MAX_VALUE,
                BigInteger.TWO.pow(63), BigInteger.TWO.pow(63).negate().subtract(BigInteger.ONE));
        assertThat(read.get("n")).isEqualTo(Map.of("x", 7L));
        assertThat(read.get("f")).isEqualTo(2.0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void nestedStructuresKeepTheirShapeAndOrder() {
        Map<String, Object> inner = map("b", List.of(), "a", Map.of());
        Map<String, Object> data = map("nested", map("z", List.of(1L, inner), "a", null), "t", true, "f", false);
        String text = dumps(data);
        assertThat(text).isEqualTo("{\"nested\":{\"z\":[1,{\"b\":[],\"a\":{}}],\"a\":null},\"t\":true,\"f\":false}");
        Map<String, Object> read = loads(text);
        assertThat(read).isEqualTo(data);
        assertThat(((Map<String, Object>) read.get("nested")).keySet()).containsExactly("z", "a");
    }

    @Test
    void keysKeepInsertionOrder() {
        assertThat(dumps(map("zeta", 1, "alpha", 2, "mid", 3))).isEqualTo("{\"zeta\":1,\"alpha\":2,\"mid\":3}");
        assertThat(loads("{\"zeta\":1,\"alpha\":2,\"mid\":3}").keySet()).containsExactly("zeta", "alpha", "mid");
    }

    @Test
    void nonStringKeysOfNestedMapsBecomePythonStrings() {
        Map<Object, Object> keys = new LinkedHashMap<>();
        keys.put(null, 1);
        keys.put(1.5, 2);
        keys.put(1e16, 3);
        keys.put(7, 4);
        keys.put(true, 5);
        assertThat(dumps(map("k", keys))).isEqualTo("{\"k\":{\"null\":1,\"1.5\":2,\"1e+16\":3,\"7\":4,\"true\":5}}");
    }

    @Test
    void escapesReadBackToTheOriginalText() {
        String text = "Zoë ☃ 😀 \u0000\u001f\u007f\ud800 \"/\\";
        assertThat(loads(dumps(map("t", text)))).containsEntry("t", text);
    }

    @Test
    void bytesAreReadAsLatin1LikeDjango() {
        // Raw UTF-8 in the data (which Python never writes) reads back as its latin-1 characters.
        byte[] utf8 = "{\"t\":\"é\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(json.loads(utf8)).containsEntry("t", "Ã©");
    }

    @Test
    void nulBytesAreNotTakenForUtf16() {
        // As latin-1 this is a NUL before the brace, which json.loads refuses; as UTF-16 it would be {}.
        byte[] utf16Shaped = {0, '{', 0, '}'};
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> json.loads(utf16Shaped))
                .isInstanceOf(dev.cloakroom.SessionValueException.class);
    }

    /** Records and POJOs are stored as plain JSON objects, which Django can read as dicts. */
    record Item(String sku, int qty, double price) { }

    @Test
    void objectValuesAreWrittenAsPlainJson() {
        String text = dumps(map("item", new Item("A-1", 2, 9.5), "when", java.time.LocalDate.of(2030, 1, 2)));
        assertThat(text).isEqualTo("{\"item\":{\"sku\":\"A-1\",\"qty\":2,\"price\":9.5},\"when\":\"2030-01-02\"}");
        Object read = loads(text).get("item");
        assertThat(read).isEqualTo(map("sku", "A-1", "qty", 2L, "price", 9.5));
        assertThat(new ValueConverter().convert(read, Item.class)).isEqualTo(new Item("A-1", 2, 9.5));
    }

    @Test
    void objectWithNothingToWriteIsRefusedRatherThanStoredEmpty() {
        assertThatThrownBy(() -> json.dumps(map("x", new Object())))
                .isInstanceOf(SessionValueException.class);
    }

    @Test
    void duplicateKeysKeepTheLastValueLikePython() {
        assertThat(loads("{\"a\":1,\"b\":2,\"a\":3}")).isEqualTo(map("a", 3L, "b", 2L));
    }

    @Test
    void nullsInListsSurvive() {
        Map<String, Object> data = map("l", Arrays.asList(1L, null, "x"));
        assertThat(loads(dumps(data))).isEqualTo(data);
    }

    @Test
    void anyJsonValueCanBeWrittenOnItsOwn() {
        assertThat(new String(DjangoJsonSerializer.dumpsValue("hello"), StandardCharsets.US_ASCII))
                .isEqualTo("\"hello\"");
        assertThat(DjangoJsonSerializer.loadsValue("[1,\"a\"]".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(List.of(1L, "a"));
    }

    @Test
    void refusesWhatJsonLoadsRefuses() {
        for (String bad : List.of("", "{", "{\"a\":1} x", "{\"a\":\"\u0001\"}", "{'a':1}", "[1,2]", "\"text\"")) {
            assertThatThrownBy(() -> loads(bad)).as(bad).isInstanceOf(SessionValueException.class);
        }
    }
}
