package dev.cloakroom.codec;

import dev.cloakroom.SessionValueException;
import dev.cloakroom.python.PythonFloats;
import dev.cloakroom.settings.SessionValueTypes;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonToken;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.core.type.TypeReference;
import tools.jackson.core.type.WritableTypeId;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.TypeSerializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.util.RawValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Django's {@code JSONSerializer}, byte for byte: Python's {@code json.dumps(obj, separators=(",", ":"))}
 * encoded as latin-1, read back with {@code json.loads(data.decode("latin-1"))}.
 *
 * <p>Writing, as Python does: no whitespace; keys in insertion order; pure ASCII, with every character
 * outside U+0020..U+007E escaped as backslash-u plus four lower-case hex digits (characters beyond the
 * BMP as their UTF-16 surrogate pair), except the short escapes {@code \" \\ \n \r \t \b \f}; {@code /} left alone;
 * floats as Python's {@code repr} ({@link PythonFloats}) including {@code NaN}, {@code Infinity} and
 * {@code -Infinity}. Raw UTF-8 would be wrong: Django decodes the bytes as latin-1. Any other object (a
 * POJO, a record) is written by Jackson as plain JSON and comes back as maps and lists, which
 * {@link ValueConverter} maps onto the class again, unless its class is trusted for typed values
 * ({@link SessionValueTypes}, {@link TypedValues}): then it comes back as itself.
 *
 * <p>Reading: integers come back as {@link Long} ({@link java.math.BigInteger} when larger), other numbers
 * as {@link Double}, objects as insertion-ordered maps, arrays as lists; {@code NaN} and the infinities are
 * accepted; anything after the top-level value is refused, as {@code json.loads} refuses "extra data".
 *
 * @hidden internal, see the package description
 */
public final class DjangoJsonSerializer implements SessionSerializer {
    private static final JsonFactory PYTHON_JSON = pythonJson();
    private static final SimpleModule PYTHON_NUMBERS = pythonNumbers();
    private static final ObjectMapper MAPPER = createMapper();
    /** Reads numbers as written (BigDecimal, not double), for rebuilding typed values from the stored bytes. */
    private static final ObjectMapper EXACT = JsonMapper.builder(PYTHON_JSON)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private static final TypeReference<Object> ANY = new TypeReference<>() { };

    private final TypedValues typed;

    /** Plain JSON only, exactly Django's JSONSerializer. */
    public DjangoJsonSerializer() {
        this(SessionValueTypes.none());
    }

    /**
     * Plain JSON, plus values of the trusted types stored with their class (see {@link SessionValueTypes});
     * with none trusted, exactly Django's JSONSerializer.
     */
    public DjangoJsonSerializer(SessionValueTypes types) {
        this.typed = types.isEmpty() ? null : new TypedValues(types, PYTHON_JSON, PYTHON_NUMBERS);
    }

    @Override
    public byte[] dumps(Map<String, Object> data) {
        if (typed == null) {
            return dumpsValue(data);
        }
        Map<String, Object> written = new LinkedHashMap<>();
        Map<String, String> typedKeys = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : data.entrySet()) {
            if (TypedValues.INDEX_KEY.equals(entry.getKey())) {
                throw new SessionValueException("The session key " + TypedValues.INDEX_KEY + " is reserved");
            }
            Object value = entry.getValue();
            Optional<String> json = TypedValues.isPlain(value) ? Optional.empty() : typed.write(value);
            if (json.isPresent()) {
                written.put(entry.getKey(), new RawValue(json.get()));
                typedKeys.put(entry.getKey(), TypedValues.typeIdOf(value));
            } else {
                written.put(entry.getKey(), value);
            }
        }
        if (!typedKeys.isEmpty()) {
            written.put(TypedValues.INDEX_KEY, typedKeys);
        }
        return dumpsValue(written);
    }

    @Override
    public Map<String, Object> loads(byte[] data) {
        Object value = loadsValue(data);
        if (!(value instanceof Map)) {
            throw new SessionValueException("Session data is JSON but not an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value;
        if (typed != null && map.containsKey(TypedValues.INDEX_KEY)) {
            readTypedValues(map, data);
        }
        return map;
    }

    /**
     * Rebuilds the values the index lists, each from its own JSON in the stored bytes (numbers as written, so a
     * BigDecimal keeps its digits). A value whose outer type id is no longer the one recorded was replaced by
     * another writer (Django, say): it is kept as the plain data it now is.
     */
    private void readTypedValues(Map<String, Object> map, byte[] data) {
        Object index = map.remove(TypedValues.INDEX_KEY);
        if (!(index instanceof Map<?, ?> typedKeys)) {
            throw new SessionValueException(TypedValues.INDEX_KEY + " is not an object of keys and types");
        }
        JsonNode exact = null;
        for (Map.Entry<?, ?> entry : typedKeys.entrySet()) {
            if (!(entry.getKey() instanceof String key) || !map.containsKey(key)) {
                continue;
            }
            if (!(entry.getValue() instanceof String typeId) || !TypedValues.carries(map.get(key), typeId)) {
                typed.keptPlain(key);
                continue;
            }
            if (exact == null) {
                exact = EXACT.readTree(new String(data, StandardCharsets.ISO_8859_1));
            }
            map.put(key, typed.read(EXACT.writeValueAsString(exact.get(key))));
        }
    }

    /** Any JSON value (string, number, boolean, null, list, map, POJO) as Python's {@code json.dumps} writes it. */
    public static byte[] dumpsValue(Object value) {
        try {
            // A Writer-based generator escapes each UTF-16 unit on its own: surrogate pairs come out as two
            // escapes, exactly like Python, and lone surrogates are written instead of rejected.
            return MAPPER.writeValueAsString(value).getBytes(StandardCharsets.US_ASCII);
        } catch (JacksonException e) {
            throw new SessionValueException("Session value cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Bytes written by Python's {@code json.dumps} (or {@link #dumpsValue}) read back as Java values. */
    public static Object loadsValue(byte[] data) {
        try {
            // Python's json.dumps writes ASCII, which Jackson reads from the bytes as they are; anything else is
            // read as the latin-1 text Django decodes it to. NUL is kept off the byte path: Jackson takes zero
            // bytes for a sign of UTF-16 or UTF-32.
            return widenInts(isAsciiWithoutNul(data) ? MAPPER.readValue(data, ANY)
                    : MAPPER.readValue(new String(data, StandardCharsets.ISO_8859_1), ANY));
        } catch (JacksonException e) {
            throw new SessionValueException("Session data is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static boolean isAsciiWithoutNul(byte[] data) {
        for (byte b : data) {
            if (b <= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Jackson reads small integers as Integer; sessions promise Long (BigInteger beyond). Jackson's
     * USE_LONG_FOR_INTS cannot be used: it refuses integers larger than a long, which Python writes freely.
     */
    @SuppressWarnings("unchecked")
    private static Object widenInts(Object value) {
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).replaceAll((key, v) -> widenInts(v));
        } else if (value instanceof List<?> list) {
            ((List<Object>) list).replaceAll(DjangoJsonSerializer::widenInts);
        }
        return value;
    }

    /** Python's {@code json.dumps} number and key forms: floats as {@code repr}, a None key as "null". */
    private static SimpleModule pythonNumbers() {
        SimpleModule python = new SimpleModule("python-json");
        ValueSerializer<Double> doubles = new PythonFloatSerializer<>();
        ValueSerializer<Float> floats = new PythonFloatSerializer<>();
        python.addSerializer(Double.class, doubles);
        python.addSerializer(double.class, doubles);
        python.addSerializer(Float.class, floats);
        python.addSerializer(float.class, floats);
        python.addKeySerializer(Double.class, new PythonFloatKeySerializer<>());
        python.addKeySerializer(Float.class, new PythonFloatKeySerializer<>());
        python.setDefaultNullKeySerializer(new ValueSerializer<>() {
            @Override
            public void serialize(Object value, JsonGenerator gen, SerializationContext context) {
                gen.writeName("null");
            }
        });
        return python;
    }

    /** ASCII-only output with Python's escapes; NaN and the infinities accepted on reading. */
    private static JsonFactory pythonJson() {
        return JsonFactory.builder()
                .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
                .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .characterEscapes(new PythonAsciiEscapes())
                .build();
    }

    private static ObjectMapper createMapper() {
        // Jackson 3's defaults, pinned where they decide the bytes or what is refused: properties in
        // declaration order, empty beans refused (they would be stored as {} and lose the value).
        return JsonMapper.builder(PYTHON_JSON)
                .addModule(PYTHON_NUMBERS)
                .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .enable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
    }

    /** Jackson's standard escapes plus DEL (U+007F), which Python's ASCII-only output escapes too. */
    private static final class PythonAsciiEscapes extends CharacterEscapes {
        private final int[] asciiEscapes;

        PythonAsciiEscapes() {
            asciiEscapes = CharacterEscapes.standardAsciiEscapesForJSON();
            asciiEscapes[0x7f] = CharacterEscapes.ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return asciiEscapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }

    private static final class PythonFloatSerializer<T extends Number> extends ValueSerializer<T> {
        @Override
        public void serialize(T value, JsonGenerator gen, SerializationContext context) {
            gen.writeNumber(PythonFloats.repr(toDouble(value)));
        }

        /** A float where its class must be written (a Float in a list of Objects): as a typed scalar. */
        @Override
        public void serializeWithType(T value, JsonGenerator gen, SerializationContext context,
                TypeSerializer typeSerializer) {
            WritableTypeId typeId = typeSerializer.writeTypePrefix(gen, context,
                    typeSerializer.typeId(value, JsonToken.VALUE_NUMBER_FLOAT));
            serialize(value, gen, context);
            typeSerializer.writeTypeSuffix(gen, context, typeId);
        }
    }

    private static final class PythonFloatKeySerializer<T extends Number> extends ValueSerializer<T> {
        @Override
        public void serialize(T value, JsonGenerator gen, SerializationContext context) {
            gen.writeName(PythonFloats.repr(toDouble(value)));
        }
    }

    /** A float is widened through its decimal form, so {@code 0.1f} is written as {@code 0.1}, as the user meant. */
    private static double toDouble(Number value) {
        return value instanceof Float f ? Double.parseDouble(Float.toString(f)) : value.doubleValue();
    }
}
