package dev.flowlens.tools.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The programs' one Jackson mapper: numbers read as written (floats as BigDecimal), objects in their order. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static JsonNode tree(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + Text.abbreviate(text), e);
        }
    }

    public static String text(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + value.getClass(), e);
        }
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + value.getClass(), e);
        }
    }

    /** The first whole-number field {@code name} anywhere in the document; -1 when absent or not JSON. */
    public static long number(String json, String name) {
        if (json == null || json.isBlank()) {
            return -1;
        }
        try {
            JsonNode v = MAPPER.readTree(json).findValue(name);
            return v != null && v.canConvertToLong() && v.isIntegralNumber() ? v.asLong() : -1;
        } catch (JsonProcessingException e) {
            return -1;
        }
    }
}
