package dev.cloakroom.testkit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.util.Comparator;

/**
 * Equality of session values as JSON values. Reading JSON back picks a Java type per number
 * ({@code Integer}, {@code Long}, {@code BigInteger}, {@code Double}), so {@code 1L} put into a session
 * legitimately comes back as {@code 1}; what must survive a round trip is the JSON value itself. Integers
 * are compared exactly as integers, fractions as doubles, and an integer never equals a fraction (Python
 * keeps {@code 1} and {@code 1.0} apart too). Object members compare regardless of order.
 */
public final class JsonValues {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (left, right) -> {
        if (left.isNumber() && right.isNumber()) {
            if (left.isIntegralNumber() && right.isIntegralNumber()) {
                return left.bigIntegerValue().compareTo(right.bigIntegerValue());
            }
            if (left.isFloatingPointNumber() && right.isFloatingPointNumber()) {
                return Double.compare(left.doubleValue(), right.doubleValue());
            }
            return 1;
        }
        return left.equals(right) ? 0 : 1;
    };

    private JsonValues() {
    }

    /** Whether {@code actual} and {@code expected} are the same JSON value. */
    public static boolean sameJson(Object actual, Object expected) {
        return tree(actual).equals(NUMBERS_BY_VALUE, tree(expected));
    }

    /**
     * {@code value} with every integer as a {@code Long} ({@code BigInteger} beyond), every fraction as a
     * {@code Double}, collections as lists and map entries with canonical values, so that AssertJ's
     * {@code isEqualTo} compares JSON values whatever boxing the codec chose, and still prints them readably.
     */
    public static Object canonical(Object value) {
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof java.math.BigInteger big) {
            return big.bitLength() < 64 ? (Object) big.longValue() : big;
        }
        if (value instanceof Float || value instanceof Double || value instanceof java.math.BigDecimal) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof java.util.Map<?, ?> map) {
            java.util.Map<Object, Object> copy = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, canonical(v)));
            return copy;
        }
        if (value instanceof java.util.Map.Entry<?, ?> entry) {
            return new java.util.AbstractMap.SimpleImmutableEntry<>(entry.getKey(), canonical(entry.getValue()));
        }
        if (value instanceof java.util.Collection<?> collection) {
            java.util.List<Object> copy = new java.util.ArrayList<>();
            collection.forEach(element -> copy.add(canonical(element)));
            return copy;
        }
        return value;
    }

    /** {@link #canonical} of a session's data. */
    @SuppressWarnings("unchecked")
    public static java.util.Map<String, Object> canonicalMap(java.util.Map<String, ?> data) {
        return (java.util.Map<String, Object>) canonical(data);
    }

    /** {@code value} as JSON text, for failure messages. */
    public static String toJson(Object value) {
        return tree(value).toString();
    }

    private static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }
}
