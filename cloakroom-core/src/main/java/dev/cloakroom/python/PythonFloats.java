package dev.cloakroom.python;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's {@code repr(float)}, which {@code json.dumps} writes: the shortest decimal that reads back as
 * the same double (the closest such when several have that length), in positional notation with at least
 * one fractional digit ({@code 1.0}, {@code 0.0001}, {@code 12345678.0}) unless the decimal exponent is
 * below -4 or at least 16, then in exponent form with a signed, two-digit-minimum exponent
 * ({@code 1e-05}, {@code 1e+16}, {@code 1.5e+300}). Non-finite values are written as JSON's
 * {@code NaN}, {@code Infinity} and {@code -Infinity}, as Python's encoder does.
 *
 * <p>Java's own {@code Double.toString} is not used: it differs in format everywhere and, before Java 19,
 * is not always the shortest decimal.
 */
public final class PythonFloats {
    private PythonFloats() {
    }

    public static String repr(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        String sign = (Double.doubleToRawLongBits(value) < 0) ? "-" : "";
        if (value == 0) {
            return sign + "0.0";
        }
        BigDecimal shortest = shortestRoundTrip(Math.abs(value));
        String digits = shortest.unscaledValue().toString();
        // value = 0.DIGITS x 10^point, Python's "decpt".
        int point = digits.length() - shortest.scale();
        return sign + (point > -4 && point <= 16 ? positional(digits, point) : exponential(digits, point));
    }

    private static BigDecimal shortestRoundTrip(double value) {
        BigDecimal exact = new BigDecimal(value);
        for (int precision = 1; precision <= 17; precision++) {
            // Only the nearest decimal of this length on each side can round back to the value.
            BigDecimal below = exact.round(new MathContext(precision, RoundingMode.FLOOR));
            BigDecimal above = exact.round(new MathContext(precision, RoundingMode.CEILING));
            boolean belowFits = below.doubleValue() == value;
            boolean aboveFits = above.doubleValue() == value;
            if (belowFits && aboveFits) {
                int cmp = exact.subtract(below).compareTo(above.subtract(exact));
                if (cmp == 0) {
                    return exact.round(new MathContext(precision, RoundingMode.HALF_EVEN)).stripTrailingZeros();
                }
                return (cmp < 0 ? below : above).stripTrailingZeros();
            }
            if (belowFits) {
                return below.stripTrailingZeros();
            }
            if (aboveFits) {
                return above.stripTrailingZeros();
            }
        }
        throw new AssertionError("17 significant digits always identify a double: " + value);
    }

    private static String positional(String digits, int point) {
        if (point <= 0) {
            return "0." + "0".repeat(-point) + digits;
        }
        if (point < digits.length()) {
            return digits.substring(0, point) + "." + digits.substring(point);
        }
        return digits + "0".repeat(point - digits.length()) + ".0";
    }

    private static String exponential(String digits, int point) {
        int exponent = point - 1;
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        int magnitude = Math.abs(exponent);
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + (magnitude < 10 ? "0" : "") + magnitude;
    }
}
