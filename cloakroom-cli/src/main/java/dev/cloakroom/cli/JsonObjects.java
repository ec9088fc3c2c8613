package dev.cloakroom.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
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
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
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
        } catch (JsonProcessingException e) {
            throw new CommandFailedException("stdin is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new CommandFailedException("cannot read stdin: " + e.getMessage(), e);
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

    /** {@code object} as one line of JSON with Django's compact separators and non-ASCII escaped. */
    static String compact(Map<String, Object> object) {
        return write(MAPPER, object);
    }

    /** {@code object} indented for reading. */
    static String pretty(Map<String, Object> object) {
        return write(MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT), object);
    }

    private static String write(ObjectMapper mapper, Map<String, Object> object) {
        try {
            return mapper.writeValueAsString(object);
        } catch (JsonProcessingException e) {
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
