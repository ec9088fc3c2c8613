package dev.cloakroom.cli;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import dev.cloakroom.codec.DjangoJsonSerializer;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON object {@code encode} is given and writes the one {@code decode} found, with the value
 * types the session codec works with: objects as {@link LinkedHashMap} in the order written (Django keeps
 * dict order, and the signature covers it), integers as Long or BigInteger, other numbers as Double.
 * NaN and Infinity are accepted because Python's json module writes them.
 */
final class JsonObjects {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();

    private JsonObjects() {
    }

    /**
     * The JSON object in {@code text}.
     *
     * @throws CommandFailedException when the text is empty, not JSON, or JSON but not a single object
     */
    static Map<String, Object> parseObject(String text) {
        if (text.isBlank()) {
            throw new CommandFailedException("no JSON object on stdin");
        }
        try (JsonParser parser = MAPPER.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new CommandFailedException("stdin must hold one JSON object ({...}), not " + describe(first));
            }
            LinkedHashMap<String, Object> object = MAPPER.readValue(parser, MAPPER.getTypeFactory()
                    .constructMapType(LinkedHashMap.class, String.class, Object.class));
            widenIntegers(object);
            return object;
        } catch (JacksonException e) {
            throw new CommandFailedException("stdin is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Jackson reads small integers as Integer, large ones as Long or BigInteger; the codec works with Long and
     * BigInteger only. (Jackson's USE_LONG_FOR_INTS would refuse integers beyond a long, which Python writes.)
     */
    @SuppressWarnings("unchecked")
    private static Object widenIntegers(Object value) {
        if (value instanceof Integer) {
            return ((Integer) value).longValue();
        }
        if (value instanceof Map) {
            ((Map<String, Object>) value).replaceAll((key, item) -> widenIntegers(item));
        } else if (value instanceof List) {
            ((List<Object>) value).replaceAll(JsonObjects::widenIntegers);
        }
        return value;
    }

    /** {@code object} exactly as Django's JSONSerializer writes it: compact, ASCII only, Python's floats. */
    static String compact(Map<String, Object> object) {
        return new String(DjangoJsonSerializer.dumpsValue(object), StandardCharsets.US_ASCII);
    }

    /** {@code object} indented for reading (Jackson's layout and number format, non-ASCII as is). */
    static String pretty(Map<String, Object> object) {
        try {
            return MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(object);
        } catch (JacksonException e) {
            throw new CommandFailedException("the decoded session cannot be written as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        switch (token) {
            case START_ARRAY: return "an array";
            case VALUE_STRING: return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT: return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE: return "a boolean";
            case VALUE_NULL: return "null";
            default: return token.asString() == null ? token.name() : token.asString();
        }
    }
}
