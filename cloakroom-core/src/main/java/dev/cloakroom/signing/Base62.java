package dev.cloakroom.signing;

/**
 * Django's base62 for signature timestamps ({@code django.core.signing.b62_encode/b62_decode}):
 * digits, then upper-case, then lower-case letters; most significant digit first; {@code "0"} for zero and
 * a leading {@code '-'} for negatives.
 */
public final class Base62 {
    static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int BASE = ALPHABET.length();

    private Base62() {
    }

    public static String encode(long value) {
        if (value == 0) {
            return "0";
        }
        // Work on the negative side so Long.MIN_VALUE needs no special case.
        long rest = value < 0 ? value : -value;
        StringBuilder digits = new StringBuilder();
        while (rest != 0) {
            digits.append(ALPHABET.charAt((int) -(rest % BASE)));
            rest /= BASE;
        }
        if (value < 0) {
            digits.append('-');
        }
        return digits.reverse().toString();
    }

    /**
     * @throws SignedValueFormatException when {@code text} is empty, holds a character outside the alphabet or
     *                                    does not fit a long
     */
    public static long decode(String text) {
        if (text.isEmpty()) {
            throw new SignedValueFormatException("Empty base62 value");
        }
        boolean negative = text.charAt(0) == '-';
        String digits = negative ? text.substring(1) : text;
        long value = 0;
        try {
            for (int i = 0; i < digits.length(); i++) {
                int digit = ALPHABET.indexOf(digits.charAt(i));
                if (digit < 0) {
                    throw new SignedValueFormatException("Invalid base62 digit at position " + i);
                }
                // Accumulate negatively so that Long.MIN_VALUE decodes too.
                value = Math.subtractExact(Math.multiplyExact(value, BASE), digit);
            }
            return negative ? value : Math.negateExact(value);
        } catch (ArithmeticException e) {
            throw new SignedValueFormatException("Base62 value does not fit a long");
        }
    }
}
