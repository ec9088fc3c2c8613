package dev.cloakroom.python;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Python pickles of plain data, of every protocol (0 to 5), and refuses everything else.
 *
 * <p>Pickle is a small stack machine whose instructions can import any global and call it ({@code GLOBAL},
 * {@code STACK_GLOBAL}, {@code REDUCE}, {@code BUILD}, {@code NEWOBJ}, {@code INST}, {@code OBJ}, the extension
 * registry): reading a hostile pickle with Python's own {@code pickle.loads} runs the writer's code. This reader
 * implements only the instructions that build str, bytes, int (of any size), float, bool, None, list, tuple,
 * dict and set; any other instruction makes the whole pickle unreadable before anything is looked up, so no
 * class, function or Java type is ever named by the data. The {@code datetime} family, which needs
 * {@code GLOBAL} and {@code REDUCE}, is refused too.
 *
 * <p>What comes back: {@link String}; {@code byte[]}; {@link Long}, or {@link BigInteger} beyond a long;
 * {@link Double}; {@link Boolean}; null; lists and tuples as {@link List}; dicts as insertion-ordered
 * {@link Map}; sets and frozensets as insertion-ordered {@link Set}. Shared references (the memo) are copied,
 * so the result is a tree, never a graph.
 *
 * <p>Limits keep a hostile pickle from costing more than its size: at most {@value #MAX_ITEMS} objects built,
 * nesting at most {@value #MAX_DEPTH} deep (a pickle can build a list that holds itself, which would have no
 * depth at all), at most {@value #MAX_RESULT_NODES} values in the result after shared references are copied
 * (so a pickle cannot double its size with each of a few instructions), decimal integers of at most
 * {@value #MAX_DECIMAL_DIGITS} digits (Python's own default limit), binary integers of at most
 * {@value #MAX_LONG_BYTES} bytes. Dict keys and set items must be hashable in Python's sense (no lists, dicts or
 * sets), which also keeps a self-containing value from ever being hashed.
 *
 * <p>Stateless and thread-safe.
 */
public final class PickleReader {
    static final int MAX_ITEMS = 1_000_000;
    static final int MAX_DEPTH = 200;
    static final int MAX_RESULT_NODES = 1_000_000;
    static final int MAX_DECIMAL_DIGITS = 4300;
    static final int MAX_LONG_BYTES = 65_536;

    private PickleReader() {
    }

    /**
     * The value {@code pickle} holds.
     *
     * @throws UnreadablePickleException when it is malformed, beyond the limits, or holds anything but plain data
     */
    public static Object read(byte[] pickle) {
        Object built = new Machine(pickle).run();
        return new Flattener().plain(built, 0);
    }

    /** A bytes value while reading: compared by content, so that it can be a dict key as in Python. */
    private record Bytes(byte[] value) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Bytes bytes && Arrays.equals(value, bytes.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }
    }

    /**
     * A tuple while reading. Immutable and built from values that exist already, so it can never contain
     * itself; its hash is computed once from its items' (whose own is cached), so hashing shared tuples stays
     * linear.
     */
    private static final class Tuple {
        final List<Object> items;
        final boolean hashable;
        final int hash;

        Tuple(List<Object> items) {
            this.items = items;
            boolean allHashable = true;
            int h = 1;
            for (Object item : items) {
                allHashable &= isHashable(item);
                h = 31 * h + (item == null ? 0 : allHashable ? item.hashCode() : System.identityHashCode(item));
            }
            this.hashable = allHashable;
            this.hash = h;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Tuple tuple && hash == tuple.hash && items.equals(tuple.items);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** A list, dict or set while reading: compared by identity, as only hashable values are ever keys. */
    private static final class PyList extends ArrayList<Object> {
        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    private static final class PyDict extends LinkedHashMap<Object, Object> {
        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    private static final class PySet extends LinkedHashSet<Object> {
        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    static boolean isHashable(Object value) {
        return value == null || value instanceof String || value instanceof Long || value instanceof BigInteger
                || value instanceof Double || value instanceof Boolean || value instanceof Bytes
                || value instanceof Tuple tuple && tuple.hashable;
    }

    /** The stack machine. */
    private static final class Machine {
        private final byte[] in;
        private int pos;
        private final ArrayList<Object> stack = new ArrayList<>();
        private int[] marks = new int[16];
        private int markCount;
        private final Map<Long, Object> memo = new HashMap<>();
        private int built;

        Machine(byte[] in) {
            this.in = in;
        }

        Object run() {
            while (true) {
                int op = u8();
                switch (op) {
                    case 0x80 -> { // PROTO
                        int protocol = u8();
                        if (protocol > 5) {
                            throw refused("protocol " + protocol + " is newer than 5");
                        }
                    }
                    case 0x95 -> skip(8); // FRAME: a length hint only
                    case 0x2e -> { // STOP
                        if (stack.size() != 1 || markCount != 0) {
                            throw refused("STOP with " + stack.size() + " values on the stack");
                        }
                        return stack.get(0);
                    }
                    case 0x28 -> mark(); // MARK
                    case 0x30 -> { // POP
                        if (markCount > 0 && marks[markCount - 1] == stack.size()) {
                            markCount--;
                        } else {
                            pop();
                        }
                    }
                    case 0x31 -> popMark(); // POP_MARK
                    case 0x32 -> push(top()); // DUP
                    case 0x4e -> push(null); // NONE
                    case 0x88 -> push(Boolean.TRUE); // NEWTRUE
                    case 0x89 -> push(Boolean.FALSE); // NEWFALSE
                    case 0x49 -> push(textInt(line())); // INT
                    case 0x4c -> push(textLong(line())); // LONG
                    case 0x4a -> push((long) i32()); // BININT
                    case 0x4b -> push((long) u8()); // BININT1
                    case 0x4d -> push((long) (u8() | u8() << 8)); // BININT2
                    case 0x8a -> push(binaryLong(u8())); // LONG1
                    case 0x8b -> push(binaryLong(length(i32()))); // LONG4
                    case 0x46 -> push(textFloat(line())); // FLOAT
                    case 0x47 -> push(Double.longBitsToDouble(be64())); // BINFLOAT
                    case 0x56 -> push(rawUnicodeEscape(line())); // UNICODE
                    case 0x58 -> push(utf8(length(u32()))); // BINUNICODE
                    case 0x8c -> push(utf8(u8())); // SHORT_BINUNICODE
                    case 0x8d -> push(utf8(length(u64()))); // BINUNICODE8
                    case 0x54 -> push(ascii(length(i32()))); // BINSTRING: a Python 2 str, read as ASCII as Python 3 does
                    case 0x55 -> push(ascii(u8())); // SHORT_BINSTRING
                    case 0x42 -> push(new Bytes(take(length(u32())))); // BINBYTES
                    case 0x43 -> push(new Bytes(take(u8()))); // SHORT_BINBYTES
                    case 0x8e -> push(new Bytes(take(length(u64())))); // BINBYTES8
                    case 0x5d -> push(count(new PyList())); // EMPTY_LIST
                    case 0x6c -> { // LIST
                        PyList list = count(new PyList());
                        list.addAll(popToMark());
                        push(list);
                    }
                    case 0x61 -> { // APPEND
                        Object item = pop();
                        list(top()).add(item);
                    }
                    case 0x65 -> { // APPENDS
                        List<Object> items = popToMark();
                        list(top()).addAll(items);
                    }
                    case 0x29 -> push(count(new Tuple(List.of()))); // EMPTY_TUPLE
                    case 0x74 -> push(count(new Tuple(popToMark()))); // TUPLE
                    case 0x85 -> push(tupleOf(1)); // TUPLE1
                    case 0x86 -> push(tupleOf(2)); // TUPLE2
                    case 0x87 -> push(tupleOf(3)); // TUPLE3
                    case 0x7d -> push(count(new PyDict())); // EMPTY_DICT
                    case 0x64 -> { // DICT
                        PyDict dict = count(new PyDict());
                        putPairs(dict, popToMark());
                        push(dict);
                    }
                    case 0x73 -> { // SETITEM
                        Object value = pop();
                        Object key = pop();
                        putPairs(dict(top()), Arrays.asList(key, value));
                    }
                    case 0x75 -> { // SETITEMS
                        List<Object> pairs = popToMark();
                        putPairs(dict(top()), pairs);
                    }
                    case 0x8f -> push(count(new PySet())); // EMPTY_SET
                    case 0x90 -> { // ADDITEMS
                        List<Object> items = popToMark();
                        addItems(set(top()), items);
                    }
                    case 0x91 -> { // FROZENSET
                        PySet set = count(new PySet());
                        addItems(set, popToMark());
                        push(set);
                    }
                    case 0x70 -> memo.put(decimalIndex(line()), top()); // PUT
                    case 0x71 -> memo.put((long) u8(), top()); // BINPUT
                    case 0x72 -> memo.put(u32(), top()); // LONG_BINPUT
                    case 0x94 -> memo.put((long) memo.size(), top()); // MEMOIZE
                    case 0x67 -> push(memoized(decimalIndex(line()))); // GET
                    case 0x68 -> push(memoized(u8())); // BINGET
                    case 0x6a -> push(memoized(u32())); // LONG_BINGET
                    default -> throw refused(opcodeName(op));
                }
            }
        }

        private void mark() {
            if (markCount == marks.length) {
                marks = Arrays.copyOf(marks, markCount * 2);
            }
            marks[markCount++] = stack.size();
        }

        private List<Object> popToMark() {
            if (markCount == 0) {
                throw refused("no MARK to pop to");
            }
            int from = marks[--markCount];
            List<Object> tail = stack.subList(from, stack.size());
            List<Object> items = new ArrayList<>(tail);
            tail.clear();
            return items;
        }

        private void popMark() {
            popToMark();
        }

        private void push(Object value) {
            stack.add(value);
        }

        private Object pop() {
            if (stack.isEmpty() || markCount > 0 && marks[markCount - 1] == stack.size()) {
                throw refused("a value is missing from the stack");
            }
            return stack.remove(stack.size() - 1);
        }

        private Object top() {
            if (stack.isEmpty() || markCount > 0 && marks[markCount - 1] == stack.size()) {
                throw refused("a value is missing from the stack");
            }
            return stack.get(stack.size() - 1);
        }

        private Tuple tupleOf(int size) {
            Object[] items = new Object[size];
            for (int i = size - 1; i >= 0; i--) {
                items[i] = pop();
            }
            return count(new Tuple(Arrays.asList(items)));
        }

        private static PyList list(Object value) {
            if (value instanceof PyList list) {
                return list;
            }
            throw refused("APPEND to something that is not a list");
        }

        private static PyDict dict(Object value) {
            if (value instanceof PyDict dict) {
                return dict;
            }
            throw refused("SETITEM on something that is not a dict");
        }

        private static PySet set(Object value) {
            if (value instanceof PySet set) {
                return set;
            }
            throw refused("ADDITEMS to something that is not a set");
        }

        private static void putPairs(PyDict dict, List<Object> pairs) {
            if (pairs.size() % 2 != 0) {
                throw refused("a dict item without its value");
            }
            for (int i = 0; i < pairs.size(); i += 2) {
                Object key = pairs.get(i);
                if (!isHashable(key)) {
                    throw refused("an unhashable dict key");
                }
                dict.put(key, pairs.get(i + 1));
            }
        }

        private static void addItems(PySet set, List<Object> items) {
            for (Object item : items) {
                if (!isHashable(item)) {
                    throw refused("an unhashable set item");
                }
                set.add(item);
            }
        }

        private Object memoized(long index) {
            if (!memo.containsKey(index)) {
                throw refused("memo entry " + index + " was never stored");
            }
            return memo.get(index);
        }

        private <T> T count(T value) {
            if (++built > MAX_ITEMS) {
                throw refused("more than " + MAX_ITEMS + " containers");
            }
            return value;
        }

        private int u8() {
            if (pos >= in.length) {
                throw refused("it ends early");
            }
            return in[pos++] & 0xff;
        }

        private int i32() {
            return u8() | u8() << 8 | u8() << 16 | u8() << 24;
        }

        private long u32() {
            return i32() & 0xffff_ffffL;
        }

        private long u64() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 8) {
                value |= (long) u8() << shift;
            }
            return value;
        }

        private long be64() {
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = value << 8 | u8();
            }
            return value;
        }

        /** A length that must fit what is left of the input (a negative or huge one does not). */
        private int length(long length) {
            if (length < 0 || length > in.length - pos) {
                throw refused("a length beyond its end");
            }
            return (int) length;
        }

        private void skip(int count) {
            take(count);
        }

        private byte[] take(int count) {
            int n = length(count);
            byte[] bytes = Arrays.copyOfRange(in, pos, pos + n);
            pos += n;
            return bytes;
        }

        /** A protocol-0 argument: the bytes up to the next newline, as ASCII (Latin-1 for UNICODE's escapes). */
        private String line() {
            int start = pos;
            while (pos < in.length && in[pos] != '\n') {
                pos++;
            }
            if (pos >= in.length) {
                throw refused("it ends early");
            }
            return new String(in, start, pos++ - start, StandardCharsets.ISO_8859_1);
        }

        private String utf8(int count) {
            return PythonText.decodeSurrogatePass(take(count));
        }

        private String ascii(int count) {
            byte[] bytes = take(count);
            for (byte b : bytes) {
                if (b < 0) {
                    throw refused("a Python 2 str that is not ASCII");
                }
            }
            return new String(bytes, StandardCharsets.US_ASCII);
        }

        private Object binaryLong(int count) {
            if (count > MAX_LONG_BYTES) {
                throw refused("an integer of more than " + MAX_LONG_BYTES + " bytes");
            }
            byte[] little = take(count);
            if (count == 0) {
                return 0L;
            }
            byte[] big = new byte[count];
            for (int i = 0; i < count; i++) {
                big[i] = little[count - 1 - i];
            }
            return narrow(new BigInteger(big));
        }

        private static Object textInt(String text) {
            // Protocol 0 writes bools as INT with these two spellings.
            if (text.equals("00")) {
                return Boolean.FALSE;
            }
            if (text.equals("01")) {
                return Boolean.TRUE;
            }
            return decimal(text);
        }

        private static Object textLong(String text) {
            return decimal(text.endsWith("L") ? text.substring(0, text.length() - 1) : text);
        }

        private static Object decimal(String text) {
            int sign = text.startsWith("-") || text.startsWith("+") ? 1 : 0;
            if (text.length() - sign > MAX_DECIMAL_DIGITS || !text.matches("[+-]?[0-9]+")) {
                throw refused("a decimal integer that is malformed or longer than " + MAX_DECIMAL_DIGITS + " digits");
            }
            return narrow(new BigInteger(text.startsWith("+") ? text.substring(1) : text));
        }

        private static long decimalIndex(String text) {
            if (text.isEmpty() || text.length() > 18 || !text.matches("[0-9]+")) {
                throw refused("a malformed memo index");
            }
            return Long.parseLong(text);
        }

        private static Double textFloat(String text) {
            switch (text) {
                case "inf": return Double.POSITIVE_INFINITY;
                case "-inf": return Double.NEGATIVE_INFINITY;
                case "nan": return Double.NaN;
                default:
                    if (text.length() > 400 || !text.matches("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?")) {
                        throw refused("a malformed float");
                    }
                    return Double.parseDouble(text);
            }
        }

        /** Python's raw-unicode-escape: Latin-1 text where backslash-u and backslash-U escapes stand for code points. */
        private static String rawUnicodeEscape(String latin1) {
            StringBuilder out = new StringBuilder(latin1.length());
            int i = 0;
            while (i < latin1.length()) {
                char c = latin1.charAt(i);
                int digits = c == '\\' && i + 1 < latin1.length()
                        ? latin1.charAt(i + 1) == 'u' ? 4 : latin1.charAt(i + 1) == 'U' ? 8 : 0 : 0;
                if (digits == 0) {
                    out.append(c);
                    i++;
                    continue;
                }
                if (i + 2 + digits > latin1.length()) {
                    throw refused("a truncated escape in UNICODE");
                }
                int codePoint;
                try {
                    codePoint = Integer.parseUnsignedInt(latin1, i + 2, i + 2 + digits, 16);
                } catch (NumberFormatException malformed) {
                    throw refused("a malformed escape in UNICODE");
                }
                if (codePoint < 0 || codePoint > Character.MAX_CODE_POINT) {
                    throw refused("an escape beyond Unicode in UNICODE");
                }
                out.appendCodePoint(codePoint);
                i += 2 + digits;
            }
            return out.toString();
        }
    }

    private static Object narrow(BigInteger value) {
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    /** Turns what the machine built into plain Java values, copying shared references, within the limits. */
    private static final class Flattener {
        private int nodes;

        Object plain(Object value, int depth) {
            if (++nodes > MAX_RESULT_NODES) {
                throw refused("more than " + MAX_RESULT_NODES + " values once shared ones are counted each time");
            }
            if (depth > MAX_DEPTH) {
                throw refused("nesting deeper than " + MAX_DEPTH + " (or a value that contains itself)");
            }
            if (value instanceof Bytes bytes) {
                return bytes.value().clone();
            }
            if (value instanceof Tuple tuple) {
                return plainList(tuple.items, depth);
            }
            if (value instanceof PyList list) {
                return plainList(list, depth);
            }
            if (value instanceof PyDict dict) {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (Map.Entry<Object, Object> entry : dict.entrySet()) {
                    map.put(plain(entry.getKey(), depth + 1), plain(entry.getValue(), depth + 1));
                }
                return map;
            }
            if (value instanceof PySet set) {
                Set<Object> plainSet = new LinkedHashSet<>();
                for (Object item : set) {
                    plainSet.add(plain(item, depth + 1));
                }
                return plainSet;
            }
            return value;
        }

        private List<Object> plainList(List<Object> items, int depth) {
            List<Object> list = new ArrayList<>(items.size());
            for (Object item : items) {
                list.add(plain(item, depth + 1));
            }
            return Collections.unmodifiableList(list);
        }
    }

    static UnreadablePickleException refused(String why) {
        return new UnreadablePickleException("Pickle refused: " + why);
    }

    private static String opcodeName(int op) {
        String name = switch (op) {
            case 0x63 -> "GLOBAL";
            case 0x93 -> "STACK_GLOBAL";
            case 0x52 -> "REDUCE";
            case 0x62 -> "BUILD";
            case 0x81 -> "NEWOBJ";
            case 0x92 -> "NEWOBJ_EX";
            case 0x69 -> "INST";
            case 0x6f -> "OBJ";
            case 0x82, 0x83, 0x84 -> "EXT";
            case 0x50, 0x51 -> "PERSID";
            case 0x96 -> "BYTEARRAY8";
            case 0x97, 0x98 -> "out-of-band buffers";
            case 0x53 -> "STRING";
            default -> null;
        };
        return name == null
                ? String.format("unknown opcode 0x%02x", op)
                : String.format("%s (0x%02x) builds something other than plain data", name, op);
    }
}
