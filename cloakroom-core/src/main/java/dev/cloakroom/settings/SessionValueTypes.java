package dev.cloakroom.settings;

import dev.cloakroom.ImproperlyConfiguredException;
import tools.jackson.databind.JacksonModule;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which application types a session stores with their class, so that a value put into the session comes back
 * in a later request as an equal object of the same class rather than as the maps and lists JSON holds.
 *
 * <p>The data stays JSON that Django reads: a typed value is an object (or, for a collection, an array)
 * that carries its class name under {@code "@class"}, and the session maps its typed keys to their types
 * under {@code _cloakroom_typed}. Plain JSON values (strings, numbers, booleans, null, lists and maps of them) are
 * stored exactly as without types.
 *
 * <p>Safe by construction: a class name in stored data is honoured only when it is trusted, by exact name or
 * by package, and that is decided on the name alone, before any class is loaded. An untrusted name makes the
 * whole session unreadable: it is treated as empty and a line goes to the security log. The JDK's own value
 * types (boxed numbers, {@code java.time}, {@code java.util} collections, {@code UUID}) are trusted always.
 * A value whose class is not trusted is stored as plain JSON, as before, with one warning per class.
 *
 * <p>Immutable. Built from the settings ({@code SESSION_TRUSTED_TYPES}) and, for frameworks, in code.
 */
public final class SessionValueTypes {
    private static final Pattern JAVA_NAME = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");
    private static final SessionValueTypes NONE = new Builder().build();

    private final Set<String> classes;
    private final List<String> packages;
    private final List<JacksonModule> modules;

    private SessionValueTypes(Builder builder) {
        this.classes = Set.copyOf(builder.classes);
        this.packages = List.copyOf(builder.packages);
        this.modules = List.copyOf(builder.modules);
    }

    /** No application types: every value is stored as plain JSON, as Django's JSONSerializer stores it. */
    public static SessionValueTypes none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The types SESSION_TRUSTED_TYPES names: comma-separated class names and packages, a package written with
     * a trailing {@code .*} ({@code com.example.shop.*} trusts that package and the ones below it).
     *
     * @throws ImproperlyConfiguredException naming SESSION_TRUSTED_TYPES when an entry is no Java name
     */
    public static SessionValueTypes fromSettings(SessionSettings settings) {
        return builder().trust(settings.trustedTypes()).build();
    }

    /** Whether any application type is trusted or module registered; without, nothing is stored with types. */
    public boolean isEmpty() {
        return classes.isEmpty() && packages.isEmpty() && modules.isEmpty();
    }

    /** Exact class names trusted (binary names, as {@code Class.getName()} gives them). */
    public Set<String> classes() {
        return classes;
    }

    /** Packages trusted, each with its sub-packages, as {@code com.example.shop.}. */
    public List<String> packages() {
        return packages;
    }

    /** Jackson 3 modules that teach the session how to write and read some types (mix-ins, deserializers). */
    public List<JacksonModule> modules() {
        return modules;
    }

    /** These types and {@code other}'s together. */
    public SessionValueTypes and(SessionValueTypes other) {
        Builder b = builder();
        b.classes.addAll(classes);
        b.classes.addAll(other.classes);
        b.packages.addAll(packages);
        other.packages.forEach(p -> {
            if (!b.packages.contains(p)) {
                b.packages.add(p);
            }
        });
        b.modules.addAll(modules);
        b.modules.addAll(other.modules);
        return b.build();
    }

    @Override
    public String toString() {
        return "SessionValueTypes[classes=" + classes + ", packages=" + packages + ", modules=" + modules.size() + "]";
    }

    /** Collects trusted classes, packages and modules. */
    public static final class Builder {
        private final Set<String> classes = new LinkedHashSet<>();
        private final List<String> packages = new ArrayList<>();
        private final List<JacksonModule> modules = new ArrayList<>();

        private Builder() {
        }

        /** Trusts one class by its binary name ({@code com.example.Cart}, {@code com.example.Outer$Inner}). */
        public Builder trustClass(String className) {
            classes.add(requireJavaName(className, className));
            return this;
        }

        public Builder trustClass(Class<?> type) {
            return trustClass(type.getName());
        }

        /** Trusts every class of {@code packageName} and of the packages below it. */
        public Builder trustPackage(String packageName) {
            String prefix = requireJavaName(packageName, packageName) + ".";
            if (!packages.contains(prefix)) {
                packages.add(prefix);
            }
            return this;
        }

        /** Entries as SESSION_TRUSTED_TYPES writes them: class names, and packages ending in {@code .*}. */
        public Builder trust(List<String> entries) {
            for (String entry : entries) {
                if (entry.endsWith(".*")) {
                    trustPackage(requireJavaName(entry.substring(0, entry.length() - 2), entry));
                } else {
                    trustClass(requireJavaName(entry, entry));
                }
            }
            return this;
        }

        /** Registers a Jackson 3 module (a framework's mix-ins for its own types, say). */
        public Builder module(JacksonModule module) {
            modules.add(module);
            return this;
        }

        public SessionValueTypes build() {
            return new SessionValueTypes(this);
        }

        private static String requireJavaName(String name, String entry) {
            if (name == null || !JAVA_NAME.matcher(name).matches()) {
                throw new ImproperlyConfiguredException("SESSION_TRUSTED_TYPES", "'" + entry
                        + "' is neither a class name nor a package written as com.example.*");
            }
            return name;
        }
    }
}
