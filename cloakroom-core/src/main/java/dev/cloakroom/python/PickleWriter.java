package dev.cloakroom.python;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes plain data as a Python pickle that {@code pickle.loads} (and {@link PickleReader}) reads back as the
 * equal Python value: {@link String} as str, {@code byte[]} as bytes, {@link Long}, {@link Integer},
 * {@link Short}, {@link Byte} and {@link BigInteger} as int, {@link Double} and {@link Float} as float,
 * {@link Boolean} as bool, null as None, {@link List} as list, {@link Set} as set, {@link Map} as dict.
 *
 * <p>It uses the opcodes Python's own pickler chooses for these values at protocol 2 and above (the smallest
 * integer form, BINFLOAT, the short string forms), but writes no memo and no frames, which readers do not
 * need; so the bytes are not Python's, the value is. Protocol 2 and 3 have no set opcodes: sets need 4 or 5.
 */
public final class PickleWriter {
    /** {@code pickle.DEFAULT_PROTOCOL} of Python 3.8 and later; what django-redis's pickle serializer writes. */
    public static final int DEFAULT_PROTOCOL = 4;
    /** {@code pickle.HIGHEST_PROTOCOL} of Python 3.8 and later; what Django's own cache backends write. */
    public static final int HIGHEST_PROTOCOL = 5;
    /** Python's pickler writes items in batches of this many; a reader does not care, a stack does. */
    private static final int BATCH = 1000;

    private PickleWriter() {
    }

    /**
     * The pickle of {@code value} at {@code protocol} (2 to 5).
     *
     * @throws IllegalArgumentException when the value holds something pickle cannot write as plain data
     */
    public static byte[] write(Object value, int protocol) {
        if (protocol < 2 || protocol > HIGHEST_PROTOCOL) {
            throw new IllegalArgumentException("pickle protocol must be 2 to 5, was " + protocol);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(0x80);
        out.write(protocol);
        new Writer(out, protocol).value(value, 0);
        out.write('.');
        return out.toByteArray();
    }

    private record Writer(ByteArrayOutputStream out, int protocol) {
        private static final int MAX_DEPTH = 1000;

        void value(Object value, int depth) {
            if (depth > MAX_DEPTH) {
                throw new IllegalArgumentException("value nested deeper than " + MAX_DEPTH);
            }
            if (value == null) {
                out.write('N');
            } else if (value instanceof Boolean bool) {
                out.write(bool ? 0x88 : 0x89);
            } else if (value instanceof String text) {
                string(text);
            } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                    || value instanceof Byte) {
                integer(((Number) value).longValue());
            } else if (value instanceof BigInteger big) {
                if (big.bitLength() < 64) {
                    integer(big.longValue());
                } else {
                    longBytes(big);
                }
            } else if (value instanceof Double || value instanceof Float) {
                out.write('G');
                long bits = Double.doubleToRawLongBits(value instanceof Float f
                        ? Double.parseDouble(Float.toString(f)) : (Double) value);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    out.write((int) (bits >>> shift));
                }
            } else if (value instanceof byte[] bytes) {
                bytes(bytes);
            } else if (value instanceof Map<?, ?> map) {
                out.write('}');
                items(map.entrySet(), 's', 'u', depth, true);
            } else if (value instanceof List<?> list) {
                out.write(']');
                items(list, 'a', 'e', depth, false);
            } else if (value instanceof Set<?> set) {
                if (protocol < 4) {
                    throw new IllegalArgumentException("a set needs pickle protocol 4 or 5");
                }
                out.write(0x8f);
                items(set, -1, 0x90, depth, false);
            } else {
                throw new IllegalArgumentException("pickle cannot hold a " + value.getClass().getName()
                        + " as plain data");
            }
        }

        /** Items after an empty container: one with its single opcode, more in marked batches, as Python does. */
        private void items(Collection<?> items, int single, int batch, int depth, boolean pairs) {
            Object[] all = items.toArray();
            for (int start = 0; start < all.length; start += BATCH) {
                int end = Math.min(all.length, start + BATCH);
                boolean one = end - start == 1 && single >= 0;
                if (!one) {
                    out.write('(');
                }
                for (int i = start; i < end; i++) {
                    if (pairs) {
                        Map.Entry<?, ?> entry = (Map.Entry<?, ?>) all[i];
                        value(hashable(entry.getKey()), depth + 1);
                        value(entry.getValue(), depth + 1);
                    } else {
                        value(batch == 0x90 ? hashable(all[i]) : all[i], depth + 1);
                    }
                }
                out.write(one ? single : batch);
            }
        }

        /** A dict key or set item Python can hash; a list, dict or set there could not be read back. */
        private static Object hashable(Object item) {
            if (item instanceof Map || item instanceof Collection) {
                throw new IllegalArgumentException("a dict key or set item Python cannot hash: a container");
            }
            return item;
        }

        private void string(String text) {
            byte[] utf8 = PythonText.encodeSurrogatePass(text);
            if (utf8.length < 256 && protocol >= 4) {
                out.write(0x8c);
                out.write(utf8.length);
            } else if (utf8.length <= 0xffff_ffffL) {
                out.write('X');
                le(utf8.length, 4);
            }
            out.writeBytes(utf8);
        }

        private void bytes(byte[] bytes) {
            if (protocol < 3) {
                throw new IllegalArgumentException("bytes need pickle protocol 3 or later");
            }
            if (bytes.length < 256) {
                out.write('C');
                out.write(bytes.length);
            } else {
                out.write('B');
                le(bytes.length, 4);
            }
            out.writeBytes(bytes);
        }

        private void integer(long value) {
            if (value >= 0 && value <= 0xff) {
                out.write('K');
                out.write((int) value);
            } else if (value >= 0 && value <= 0xffff) {
                out.write('M');
                le(value, 2);
            } else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
                out.write('J');
                le(value, 4);
            } else {
                longBytes(BigInteger.valueOf(value));
            }
        }

        /** LONG1 or LONG4: the shortest little-endian two's complement that holds the value. */
        private void longBytes(BigInteger value) {
            byte[] big = value.toByteArray();
            int length = big.length;
            if (length < 256) {
                out.write(0x8a);
                out.write(length);
            } else {
                out.write(0x8b);
                le(length, 4);
            }
            for (int i = length - 1; i >= 0; i--) {
                out.write(big[i]);
            }
        }

        private void le(long value, int bytes) {
            for (int i = 0; i < bytes; i++) {
                out.write((int) (value >>> (8 * i)));
            }
        }
    }
}
