package dev.flowlens.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.JacksonException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The body of a message on {@link BrokerTopology#FLOW_CHANGES_EXCHANGE}: metrics-service saying that new facts
 * changed a value stream's metrics. The gateway turns it into a {@code flowChanged} subscription push; it carries
 * the stream's {@code visibleToGroups} so the gateway can authorise every push without calling back.
 *
 * @param valueStreamId   the stream that changed
 * @param at              when metrics-service saw the change
 * @param velocity        items finished in the trailing window that ends at {@code at} (METRICS.md velocity)
 * @param load            unfinished items at {@code at} (METRICS.md load)
 * @param visibleToGroups the stream's groups; empty when everyone may see it
 */
public record FlowChangeNotice(String valueStreamId, Instant at, int velocity, int load, List<String> visibleToGroups) {

    /** Content type of the message body. */
    public static final String CONTENT_TYPE = "application/json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public FlowChangeNotice {
        Objects.requireNonNull(valueStreamId, "valueStreamId");
        Objects.requireNonNull(at, "at");
        visibleToGroups = visibleToGroups == null ? List.of() : List.copyOf(visibleToGroups);
    }

    /** The JSON body, e.g. {@code {"valueStreamId":"vs-1","at":"2026-01-01T00:00:00Z","velocity":3,...}}. */
    public byte[] toJson() {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("valueStreamId", valueStreamId);
        node.put("at", at.toString());
        node.put("velocity", velocity);
        node.put("load", load);
        ArrayNode groups = node.putArray("visibleToGroups");
        visibleToGroups.forEach(groups::add);
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a body written by {@link #toJson()}.
     *
     * @throws IllegalArgumentException when the body is not such a notice; the message says what is wrong
     */
    public static FlowChangeNotice fromJson(byte[] body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("flow change notice is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("flow change notice is not readable: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("flow change notice is not a JSON object");
        }
        String id = text(node, "valueStreamId");
        Instant at;
        try {
            at = Instant.parse(text(node, "at"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("flow change notice: at is not an RFC 3339 time");
        }
        List<String> groups = new ArrayList<>();
        JsonNode g = node.path("visibleToGroups");
        if (g.isArray()) {
            g.forEach(v -> groups.add(v.asText()));
        }
        return new FlowChangeNotice(id, at, integer(node, "velocity"), integer(node, "load"), groups);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new IllegalArgumentException("flow change notice: " + field + " is missing");
        }
        return v.asText();
    }

    private static int integer(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.canConvertToInt()) {
            throw new IllegalArgumentException("flow change notice: " + field + " is not an integer");
        }
        return v.asInt();
    }
}
