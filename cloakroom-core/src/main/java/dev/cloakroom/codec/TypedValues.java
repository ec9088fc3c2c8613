package dev.cloakroom.codec;

import dev.cloakroom.SessionValueException;
import dev.cloakroom.UntrustedTypeException;
import dev.cloakroom.settings.SessionValueTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.MapperBuilder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Session values stored with their class (see {@link SessionValueTypes}): one value at a time, as JSON whose
 * objects carry {@code "@class"} wherever the declared type does not already fix the class, written and read
 * through Python-compatible JSON (ASCII only, Python's floats) so that Django reads it as plain data.
 *
 * <p>A value is written typed only if it also reads back: a trusted class holding an untrusted one, or a
 * class Jackson cannot rebuild, is stored as plain JSON instead, with one warning per class, rather than
 * written in a form that would later make the whole session unreadable.
 */
final class TypedValues {
    /** The session key mapping each key that holds a typed value to its type; Django sees an ordinary dict. */
    static final String INDEX_KEY = "_cloakroom_typed";
    static final String TYPE_PROPERTY = "@class";
    private static final Logger LOG = LoggerFactory.getLogger(TypedValues.class);

    private final TrustedTypeNames trusted;
    private final ObjectMapper mapper;
    private final Set<Class<?>> warned = ConcurrentHashMap.newKeySet();

    TypedValues(SessionValueTypes types, JsonFactory pythonJson, SimpleModule pythonNumbers) {
        this.trusted = new TrustedTypeNames(types);
        // Every name-to-class lookup goes through the allow-list, and so does every polymorphic type id, whether
        // default typing or a module's @JsonTypeInfo asks for it.
        JsonMapper.Builder builder = JsonMapper.builder(pythonJson).addModule(pythonNumbers)
                .typeFactory(new GuardedTypeFactory(trusted))
                .polymorphicTypeValidator(trusted);
        types.modules().forEach(builder::addModule);
        // The modules are set up when the mapper is built, in the order they were added, and may switch features
        // then (Spring Security's core module turns dates into timestamps): a last module pins Cloakroom's, as
        // the stored form of the application's values is not theirs to change.
        builder.addModule(new PinnedFeatures());
        // NON_FINAL: a value is written with its class wherever the declared type leaves it open (a field of
        // type Object or List, the session value itself); a final declared type already fixes the class.
        this.mapper = builder.activateDefaultTypingAsProperty(trusted, DefaultTyping.NON_FINAL, TYPE_PROPERTY)
                .build();
    }

    /**
     * Whether {@code value} is stored as it is without types and reads back as an equal object of the same
     * class: strings, booleans, null, longs, doubles, big integers, and lists and maps of them.
     */
    static boolean isPlain(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof Double || value instanceof BigInteger) {
            return true;
        }
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (!isPlain(item)) {
                    return false;
                }
            }
            return true;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String) || !isPlain(entry.getValue())) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** The type id Jackson writes for {@code value} itself: its class, or an enum constant's declaring enum. */
    static String typeIdOf(Object value) {
        return value instanceof Enum<?> constant ? constant.getDeclaringClass().getName() : value.getClass().getName();
    }

    /**
     * Whether a value read as plain JSON still carries {@code typeId} as its own, outermost type id. Jackson
     * writes no id for its natural scalars (an Integer is a bare number), so those are recognised by shape.
     */
    static boolean carries(Object plain, String typeId) {
        if (plain instanceof Map<?, ?> object) {
            return typeId.equals(object.get(TYPE_PROPERTY));
        }
        if (plain instanceof List<?> wrapper) {
            return wrapper.size() == 2 && typeId.equals(wrapper.get(0));
        }
        return switch (typeId) {
            case "java.lang.Integer" -> plain instanceof Long;
            case "java.lang.String" -> plain instanceof String;
            case "java.lang.Boolean" -> plain instanceof Boolean;
            case "java.lang.Double" -> plain instanceof Double;
            default -> false;
        };
    }

    /** {@code value} as typed JSON, or empty when it must be stored as plain JSON (warned once per class). */
    Optional<String> write(Object value) {
        if (!trusted.isTrusted(value.getClass().getName())) {
            warnOnce(value.getClass(), "its class is not trusted (SESSION_TRUSTED_TYPES)");
            return Optional.empty();
        }
        if (value instanceof Map<?, ?> map && map.keySet().stream().anyMatch(k -> !(k instanceof String))) {
            // JSON keys are strings: such a map would come back equal in class only, its keys turned to text
            warnOnce(value.getClass(), "its keys are not strings");
            return Optional.empty();
        }
        String json;
        try {
            json = mapper.writerFor(Object.class).writeValueAsString(value);
        } catch (JacksonException e) {
            throw new SessionValueException("Session value of type " + value.getClass().getName()
                    + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        try {
            read(json);
            return Optional.of(json);
        } catch (UntrustedTypeException e) {
            warnOnce(value.getClass(), "it holds a " + e.typeName() + ", which is not trusted");
        } catch (SessionValueException e) {
            warnOnce(value.getClass(), "it cannot be rebuilt from JSON (" + e.getMessage() + ")");
        }
        return Optional.empty();
    }

    /**
     * The value {@link #write} wrote.
     *
     * @throws UntrustedTypeException when the JSON names a class that is not trusted
     * @throws SessionValueException  when it cannot be rebuilt otherwise
     */
    Object read(String json) {
        try {
            return mapper.readerFor(Object.class).readValue(json);
        } catch (JacksonException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof UntrustedTypeException untrusted) {
                    throw untrusted;
                }
            }
            throw new SessionValueException("Typed session value cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    /** Notes a typed value another writer replaced with plain data, which is then read as that data. */
    void keptPlain(String key) {
        LOG.warn("The session value under {} no longer carries the type Cloakroom stored it with (another "
                + "writer replaced it); it is read as plain data", key.length() > 100 ? key.substring(0, 100) : key);
    }

    private void warnOnce(Class<?> type, String why) {
        if (warned.add(type)) {
            LOG.warn("Session values of class {} are stored as plain JSON and read back as maps and lists, because "
                    + "{}", type.getName(), why);
        }
    }

    /** Cloakroom's mapper features, set up after every other module. */
    private static final class PinnedFeatures extends SimpleModule {
        private static final long serialVersionUID = 1L;

        PinnedFeatures() {
            super("cloakroom-typed-values-pinned-features");
        }

        @Override
        public void setupModule(SetupContext context) {
            super.setupModule(context);
            ((MapperBuilder<?, ?>) context.getOwner())
                    .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                    .enable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                    .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS);
        }
    }
}
