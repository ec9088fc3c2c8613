package dev.cloakroom.codec;

import dev.cloakroom.SessionValueException;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

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
                .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
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
        } catch (IllegalArgumentException | JacksonException e) {
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
        } catch (IllegalArgumentException | JacksonException e) {
            throw new SessionValueException("Session value of type " + value.getClass().getName()
                    + " cannot be read as " + type.getType() + ": " + e.getMessage(), e);
        }
    }
}
