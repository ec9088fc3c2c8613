package dev.cloakroom.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

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

    /** {@code value} as JSON text, for failure messages. */
    public static String toJson(Object value) {
        return tree(value).toString();
    }

    private static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }
}
