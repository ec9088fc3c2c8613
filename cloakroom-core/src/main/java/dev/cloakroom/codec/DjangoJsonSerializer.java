package dev.cloakroom.codec;

import dev.cloakroom.python.PythonFloats;

import dev.cloakroom.SessionValueException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

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
 * {@link ValueConverter} maps onto the class again.
 *
 * <p>Reading: integers come back as {@link Long} ({@link java.math.BigInteger} when larger), other numbers
 * as {@link Double}, objects as insertion-ordered maps, arrays as lists; {@code NaN} and the infinities are
 * accepted; anything after the top-level value is refused, as {@code json.loads} refuses "extra data".
  *
 * @hidden internal, see the package description
 */
public final class DjangoJsonSerializer implements SessionSerializer {
    private static final ObjectMapper MAPPER = createMapper();
    private static final TypeReference<Object> ANY = new TypeReference<>() { };

    @Override
    public byte[] dumps(Map<String, Object> data) {
        return dumpsValue(data);
    }

    @Override
    public Map<String, Object> loads(byte[] data) {
        Object value = loadsValue(data);
        if (!(value instanceof Map)) {
            throw new SessionValueException("Session data is JSON but not an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value;
        return map;
    }

    /** Any JSON value (string, number, boolean, null, list, map, POJO) as Python's {@code json.dumps} writes it. */
    public static byte[] dumpsValue(Object value) {
        try {
            // A Writer-based generator escapes each UTF-16 unit on its own: surrogate pairs come out as two
            // escapes, exactly like Python, and lone surrogates are written instead of rejected.
            return MAPPER.writeValueAsString(value).getBytes(StandardCharsets.US_ASCII);
        } catch (JsonProcessingException e) {
            throw new SessionValueException("Session value cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Bytes written by Python's {@code json.dumps} (or {@link #dumpsValue}) read back as Java values. */
    public static Object loadsValue(byte[] data) {
        try {
            return widenInts(MAPPER.readValue(new String(data, StandardCharsets.ISO_8859_1), ANY));
        } catch (JsonProcessingException e) {
            throw new SessionValueException("Session data is not valid JSON: " + e.getOriginalMessage(), e);
        }
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

    private static ObjectMapper createMapper() {
        SimpleModule python = new SimpleModule("python-json");
        JsonSerializer<Double> doubles = new PythonFloatSerializer<>();
        JsonSerializer<Float> floats = new PythonFloatSerializer<>();
        python.addSerializer(Double.class, doubles);
        python.addSerializer(double.class, doubles);
        python.addSerializer(Float.class, floats);
        python.addSerializer(float.class, floats);
        python.addKeySerializer(Double.class, new PythonFloatKeySerializer<>());
        python.addKeySerializer(Float.class, new PythonFloatKeySerializer<>());
        JsonMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(python)
                .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
                .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
        mapper.getFactory().setCharacterEscapes(new PythonAsciiEscapes());
        // Python writes a None key as "null".
        mapper.getSerializerProvider().setNullKeySerializer(new JsonSerializer<>() {
            @Override
            public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeFieldName("null");
            }
        });
        return mapper;
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

    private static final class PythonFloatSerializer<T extends Number> extends JsonSerializer<T> {
        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeNumber(PythonFloats.repr(toDouble(value)));
        }
    }

    private static final class PythonFloatKeySerializer<T extends Number> extends JsonSerializer<T> {
        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeFieldName(PythonFloats.repr(toDouble(value)));
        }
    }

    /** A float is widened through its decimal form, so {@code 0.1f} is written as {@code 0.1}, as the user meant. */
    private static double toDouble(Number value) {
        return value instanceof Float f ? Double.parseDouble(Float.toString(f)) : value.doubleValue();
    }
}
