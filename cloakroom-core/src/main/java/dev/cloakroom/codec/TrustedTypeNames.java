package dev.cloakroom.codec;

import dev.cloakroom.UntrustedTypeException;
import dev.cloakroom.settings.SessionValueTypes;
import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Decides on a class name alone, before Jackson loads anything, whether stored data may name it: the JDK's
 * value types and collections, and what {@link SessionValueTypes} trusts. Any other name is refused with
 * {@link UntrustedTypeException}, never looked up.
 */
final class TrustedTypeNames extends PolymorphicTypeValidator.Base {
    private static final long serialVersionUID = 1L;

    /** JDK classes whose objects are plain values: nothing in them runs code when they are built. */
    static final Set<String> JDK_CLASSES = Set.of(
            "java.lang.Boolean", "java.lang.Byte", "java.lang.Character", "java.lang.Short", "java.lang.Integer",
            "java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.String",
            "java.math.BigInteger", "java.math.BigDecimal", "java.util.UUID", "java.util.Locale",
            "java.util.Date", "java.net.URI",
            "java.util.ArrayList", "java.util.LinkedList", "java.util.HashMap", "java.util.LinkedHashMap",
            "java.util.TreeMap", "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet",
            "java.util.EnumSet", "java.util.RegularEnumSet", "java.util.EnumMap",
            "java.util.Arrays$ArrayList",
            "java.util.Collections$EmptyList", "java.util.Collections$EmptySet", "java.util.Collections$EmptyMap",
            "java.util.Collections$SingletonList", "java.util.Collections$SingletonSet",
            "java.util.Collections$SingletonMap",
            "java.util.Collections$UnmodifiableList", "java.util.Collections$UnmodifiableRandomAccessList",
            "java.util.Collections$UnmodifiableSet", "java.util.Collections$UnmodifiableSortedSet",
            "java.util.Collections$UnmodifiableMap", "java.util.Collections$UnmodifiableSortedMap",
            "java.util.ImmutableCollections$List12", "java.util.ImmutableCollections$ListN",
            "java.util.ImmutableCollections$Set12", "java.util.ImmutableCollections$SetN",
            "java.util.ImmutableCollections$Map1", "java.util.ImmutableCollections$MapN");
    /** {@code java.time} holds value types only. */
    static final List<String> JDK_PACKAGES = List.of("java.time.");

    private final Set<String> classes;
    private final List<String> packages;

    TrustedTypeNames(SessionValueTypes types) {
        this.classes = Set.copyOf(Stream.concat(JDK_CLASSES.stream(), types.classes().stream()).toList());
        this.packages = Stream.concat(JDK_PACKAGES.stream(), types.packages().stream()).toList();
    }

    /** Whether data may name {@code className}; arrays are judged by their element type. */
    boolean isTrusted(String className) {
        String name = className;
        while (name.startsWith("[")) {
            name = name.substring(1);
        }
        if (name.length() == 1) {
            return "ZBCSIJFD".contains(name); // an array of primitives
        }
        if (name.startsWith("L") && name.endsWith(";") && !name.equals(className)) {
            name = name.substring(1, name.length() - 1);
        }
        if (classes.contains(name)) {
            return true;
        }
        for (String prefix : packages) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Validity validateBaseType(DatabindContext ctxt, JavaType baseType) {
        return Validity.INDETERMINATE;
    }

    @Override
    public Validity validateSubClassName(DatabindContext ctxt, JavaType baseType, String subClassName) {
        if (isTrusted(subClassName)) {
            return Validity.ALLOWED;
        }
        throw new UntrustedTypeException(subClassName, null);
    }

    @Override
    public Validity validateSubType(DatabindContext ctxt, JavaType baseType, JavaType subType) {
        // Reached only for names not decided above, and every name is: refuse whatever gets here.
        return Validity.DENIED;
    }
}
