package dev.cloakroom.codec;

import dev.cloakroom.SessionValueException;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Turns session values back into application types: after a round trip through JSON a {@code Cart} put
 * into the session comes back as a map, and {@code session.get("cart", Cart.class)} maps it onto the
 * class again with Jackson.
  *
 * @hidden internal, see the package description
 */
public final class ValueConverter {
    private final ObjectMapper mapper;

    public ValueConverter() {
        this(JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build());
    }

    public ValueConverter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** {@code value} as {@code type}; null stays null. */
    public <T> T convert(Object value, Class<T> type) {
        if (value == null) {
            return null;
        }
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        try {
            return mapper.convertValue(value, type);
        } catch (IllegalArgumentException e) {
            throw new SessionValueException("Session value of type " + value.getClass().getName()
                    + " cannot be read as " + type.getName() + ": " + e.getMessage(), e);
        }
    }

    /** {@code value} as a generic type such as {@code List<Item>}. */
    public <T> T convert(Object value, TypeReference<T> type) {
        if (value == null) {
            return null;
        }
        try {
            return mapper.convertValue(value, type);
        } catch (IllegalArgumentException e) {
            throw new SessionValueException("Session value of type " + value.getClass().getName()
                    + " cannot be read as " + type.getType() + ": " + e.getMessage(), e);
        }
    }
}
