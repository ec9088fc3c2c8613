package dev.cloakroom.codec;

import dev.cloakroom.ImproperlyConfiguredException;
import dev.cloakroom.SessionValueException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SESSION_SERIALIZER=JAVA: Java serialization, the counterpart of Django's PickleSerializer (deprecated in
 * Django 4.1, removed in 5.0).
 *
 * <p><b>Why JSON is the default.</b> Deserialization instantiates whatever classes the byte stream names
 * and runs their {@code readObject} methods, which is how gadget chains turn a byte string into code
 * execution. The signature keeps strangers out, but anyone who learns SECRET_KEY, or any key in
 * SECRET_KEY_FALLBACKS, can sign a stream of their choosing and have this server run it. JSON can only
 * ever produce maps, lists, strings, numbers, booleans and null, so a leaked key lets an attacker forge
 * sessions but never run code. Java-serialized data is also unreadable by Django.
 *
 * <p>Hence this serializer reads only an allow-list: the JDK basics that plain session data needs
 * ({@link #BASIC_CLASSES}, plus arrays of allowed types) and the classes named in
 * SESSION_SERIALIZER_ALLOWED_CLASSES, checked by an {@link ObjectInputFilter} as each class descriptor is
 * read, before any instance of it is created or its {@code readObject} runs. Every serializable superclass
 * of a listed class must be listed too, and values must implement {@link Serializable}. Writing refuses a
 * class that reading would refuse, so a session that cannot be read back is never stored.
 *
 * <p><b>Bounds.</b> A holder of the key can also try to exhaust the server without running code: a collection
 * announcing two billion elements (allocated before they are read), nesting deep enough to overflow the stack,
 * or sets of sets that share their members, whose hash codes (computed while the sets are rebuilt) cost twice
 * as much with every level. Reading therefore stops, before allocating, at {@value #MAX_DEPTH} levels of
 * nesting, {@value #MAX_ARRAY_LENGTH} elements in one array or collection, {@value #MAX_REFERENCES} object
 * references and {@value #MAX_STREAM_BYTES} bytes; a stream that still provokes a {@link StackOverflowError}
 * or {@link OutOfMemoryError}, or an {@link InternalError} from a JDK class given a state only a forged stream
 * reaches, is refused as unreadable like any other. The depth bound is what keeps the
 * shared-member sets cheap (2<sup>{@value #MAX_DEPTH}</sup> hash steps at worst for the classic chain);
 * it does not make hashed collections of widely shared collections cheap, which is one more reason JSON is
 * the default. Writing checks the same bounds by reading the result back, so data that reading would refuse is
 * refused at save time, with a {@link SessionValueException}, instead of being stored and lost on the next
 * request.
 *
 * @hidden internal, see the package description
 */
public final class JavaSerializer implements SessionSerializer {
    /** Always readable: what maps, lists, strings and numbers are made of. */
    public static final Set<String> BASIC_CLASSES = Set.of(
            "java.lang.String", "java.lang.Boolean", "java.lang.Character", "java.lang.Number",
            "java.lang.Byte", "java.lang.Short", "java.lang.Integer", "java.lang.Long", "java.lang.Float",
            "java.lang.Double", "java.lang.Enum", "java.math.BigInteger", "java.math.BigDecimal",
            "java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap", "java.util.ArrayList",
            "java.util.LinkedList", "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet",
            "java.util.Arrays$ArrayList",
            // HashMap and HashSet check their table size against the filter as an array of Map.Entry.
            "java.util.Map$Entry",
            // List.of/Map.of/Set.of and copyOf travel as this proxy with an Object[], and the filter then
            // sees the collection it resolves to.
            "java.util.CollSer", "java.util.ImmutableCollections$List12",
            "java.util.ImmutableCollections$ListN", "java.util.ImmutableCollections$Set12",
            "java.util.ImmutableCollections$SetN", "java.util.ImmutableCollections$Map1",
            "java.util.ImmutableCollections$MapN");
    /**
     * Levels of nesting read: a session map holding records of lists of maps is a handful; the bound also caps
     * what sets sharing their members can cost (see the class description).
     */
    public static final long MAX_DEPTH = 20;
    /** Elements of one array, or one collection's backing table, allocated on reading. */
    public static final long MAX_ARRAY_LENGTH = 131_072;
    /** Objects and back-references read from one stream. */
    public static final long MAX_REFERENCES = 200_000;
    /** Bytes of one stream (the session data after decompression). */
    public static final long MAX_STREAM_BYTES = 8L * 1024 * 1024;

    private final Set<String> allowedClasses;

    /**
     * @param allowedClasses SESSION_SERIALIZER_ALLOWED_CLASSES: fully qualified names of the application
     *                       classes sessions may hold
     * @throws ImproperlyConfiguredException when the list is empty: reading anything without an explicit
     *                                       list is exactly the risk described above
     */
    public JavaSerializer(List<String> allowedClasses) {
        if (allowedClasses == null || allowedClasses.isEmpty()) {
            throw new ImproperlyConfiguredException("SESSION_SERIALIZER_ALLOWED_CLASSES",
                    "must list the classes the JAVA serializer may read (SESSION_SERIALIZER=JAVA); "
                            + "or use SESSION_SERIALIZER=JSON");
        }
        this.allowedClasses = Set.copyOf(allowedClasses);
    }

    @Override
    public byte[] dumps(Map<String, Object> data) {
        Map<String, Object> copy = new LinkedHashMap<>(data);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new AllowListOutputStream(bytes)) {
            out.writeObject(copy);
        } catch (IOException e) {
            // Cannot come from the in-memory stream; kept for the checked signature.
            throw new SessionValueException("Session data cannot be written by the JAVA serializer: " + e, e);
        } catch (StackOverflowError e) {
            throw new SessionValueException("Session data cannot be written by the JAVA serializer: it is nested"
                    + " too deeply (reading stops at " + MAX_DEPTH + " levels)");
        }
        byte[] written = bytes.toByteArray();
        // Reading back is the one check that cannot drift from what reading accepts.
        Bounds bounds = new Bounds();
        try {
            read(written, bounds);
        } catch (IOException | ClassNotFoundException | RuntimeException | StackOverflowError e) {
            throw new SessionValueException("Session data cannot be written by the JAVA serializer: it could not"
                    + " be read back (" + bounds.describe(e) + ")", e);
        }
        return written;
    }

    @Override
    public Map<String, Object> loads(byte[] data) {
        Bounds bounds = new Bounds();
        try {
            return read(data, bounds);
        } catch (SessionValueException e) {
            throw e;
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            // Also catches what hostile streams provoke inside readObject methods (ClassCastException...).
            throw new SessionValueException("Session data cannot be read by the JAVA serializer: "
                    + bounds.describe(e), e);
        } catch (StackOverflowError | OutOfMemoryError | InternalError e) {
            // Only hostile data gets here past the bounds; what it allocated is garbage once we return. JDK classes
            // throw InternalError for states only a forged stream reaches (the fuzzer found "length is odd").
            throw new SessionValueException("Session data cannot be read by the JAVA serializer: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    private Map<String, Object> read(byte[] data, Bounds bounds) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
            in.setObjectInputFilter(bounds);
            Object value = in.readObject();
            if (!(value instanceof Map)) {
                throw new SessionValueException("Java-serialized session data is not a map");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = new LinkedHashMap<>((Map<String, Object>) value);
            return map;
        }
    }

    /** Whether this serializer reads instances of {@code type}. */
    public boolean allows(Class<?> type) {
        Class<?> element = type;
        while (element.isArray()) {
            element = element.getComponentType();
        }
        return element.isPrimitive() || element == Object.class
                || BASIC_CLASSES.contains(element.getName()) || allowedClasses.contains(element.getName());
    }

    /**
     * The filter of one read: the allow-list and the bounds, checked before each class is resolved, each
     * array or collection table allocated and each reference followed. Remembers what it refused, so the
     * error can say why without quoting the data.
     */
    private final class Bounds implements ObjectInputFilter {
        private String refusal;

        @Override
        public Status checkInput(FilterInfo info) {
            if (info.depth() > MAX_DEPTH) {
                return refuse("nested deeper than " + MAX_DEPTH + " levels");
            }
            if (info.arrayLength() > MAX_ARRAY_LENGTH) {
                return refuse("an array or collection of " + info.arrayLength() + " elements, over "
                        + MAX_ARRAY_LENGTH);
            }
            if (info.references() > MAX_REFERENCES) {
                return refuse("more than " + MAX_REFERENCES + " object references");
            }
            if (info.streamBytes() > MAX_STREAM_BYTES) {
                return refuse("more than " + MAX_STREAM_BYTES + " bytes");
            }
            Class<?> type = info.serialClass();
            if (type == null) {
                return Status.UNDECIDED;
            }
            if (allows(type)) {
                return Status.ALLOWED;
            }
            return refuse("a class outside SESSION_SERIALIZER_ALLOWED_CLASSES");
        }

        private Status refuse(String why) {
            refusal = why;
            return Status.REJECTED;
        }

        /** Why reading failed: the bound or rule that refused, and the failure it caused. */
        String describe(Throwable failure) {
            return refusal != null ? refusal + " (" + failure + ")" : failure.toString();
        }
    }

    /**
     * Refuses, at write time, every value that reading would refuse. It throws unchecked exceptions on
     * purpose: an IOException would make ObjectOutputStream serialize that exception into the stream too,
     * running these checks on the exception's own class.
     */
    private final class AllowListOutputStream extends ObjectOutputStream {
        AllowListOutputStream(OutputStream out) throws IOException {
            super(out);
            enableReplaceObject(true);
        }

        @Override
        protected Object replaceObject(Object value) {
            if (!(value instanceof Serializable)) {
                throw new SessionValueException("Session value of type " + value.getClass().getName()
                        + " cannot be written by the JAVA serializer: it is not Serializable");
            }
            return value;
        }

        @Override
        protected void annotateClass(Class<?> type) {
            if (!allows(type)) {
                throw new SessionValueException("Session value of type " + type.getName()
                        + " cannot be written by the JAVA serializer: it is not in"
                        + " SESSION_SERIALIZER_ALLOWED_CLASSES, so it could not be read back");
            }
        }

        @Override
        protected void annotateProxyClass(Class<?> type) {
            throw new SessionValueException("Session value of type " + type.getName()
                    + " cannot be written by the JAVA serializer: dynamic proxies are never read back");
        }
    }
}
