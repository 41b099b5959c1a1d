package dev.flowlens.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of flow events: CloudEvents 1.0 structured mode, the same on the events API, on the
 * broker and in a replay. Parsing is bounded (nesting depth, string length) so hostile input fails
 * fast with a clear message instead of exhausting memory.
 */
public final class FlowEventCodec {

    /** Most events accepted in one batch (EVENTS.md). */
    public static final int MAX_BATCH = 5000;
    /** Deepest JSON nesting accepted; canonical events need fewer than 5 levels. */
    public static final int MAX_NESTING_DEPTH = 32;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxStringLength(EventValidator.MAX_DATA_BYTES)
                    .build())
            .build());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FlowEventCodec() {
    }

    /** Raised when a body is not a JSON event or array of events; the message is safe to show. */
    public static final class MalformedBodyException extends RuntimeException {
        public MalformedBodyException(String message) {
            super(message);
        }
    }

    /** Raised when a batch holds more than {@link #MAX_BATCH} events. */
    public static final class BatchTooLargeException extends RuntimeException {
        public BatchTooLargeException(int size) {
            super("a batch holds at most " + MAX_BATCH + " events, got " + size);
        }
    }

    /**
     * Reads a request body holding one event object or an array of them.
     *
     * @throws MalformedBodyException  when it is not JSON, or not an object or array
     * @throws BatchTooLargeException when the array is over {@link #MAX_BATCH}
     */
    public static List<JsonNode> readBatch(byte[] body) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedBodyException("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedBodyException("unreadable body: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new MalformedBodyException("empty body: expected an event object or an array of events");
        }
        if (root.isObject()) {
            return List.of(root);
        }
        if (!root.isArray()) {
            throw new MalformedBodyException("expected an event object or an array of events");
        }
        if (root.size() > MAX_BATCH) {
            throw new BatchTooLargeException(root.size());
        }
        if (root.isEmpty()) {
            throw new MalformedBodyException("empty batch: send at least one event");
        }
        List<JsonNode> events = new ArrayList<>(root.size());
        root.forEach(events::add);
        return events;
    }

    /** Parses one JSON event, e.g. a broker message body. */
    public static JsonNode readTree(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new MalformedBodyException("malformed JSON: " + e.getMessage());
        }
    }

    /** Compact JSON bytes of a node. */
    public static byte[] toBytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int jsonSize(JsonNode node) {
        return toBytes(node).length;
    }

    /**
     * Whether the compact JSON of a node takes at most {@code limit} UTF-8 bytes. Answered from a bound computed
     * without writing anything (every character counted at 6 bytes, its longest escape), and only a node whose
     * bound exceeds the limit is written out to be measured: validating an event used to serialise its data just to
     * measure it (4 % of metrics-service's CPU under load).
     */
    static boolean fitsIn(JsonNode node, int limit) {
        return upperBound(node, limit) <= limit || jsonSize(node) <= limit;
    }

    /** At least the node's JSON size; stops early (answering more than {@code limit}) once past the limit. */
    private static long upperBound(JsonNode node, long limit) {
        if (node.isTextual()) {
            return 2 + 6L * node.textValue().length();
        }
        if (node.isObject()) {
            long size = 2;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext() && size <= limit; ) {
                Map.Entry<String, JsonNode> field = it.next();
                size += 4 + 6L * field.getKey().length() + upperBound(field.getValue(), limit - size);
            }
            return size;
        }
        if (node.isArray()) {
            long size = 2;
            for (int i = 0; i < node.size() && size <= limit; i++) {
                size += 1 + upperBound(node.get(i), limit - size);
            }
            return size;
        }
        if (node.isNumber()) {
            return node.isIntegralNumber() && node.canConvertToLong() ? 20 : 2L * node.asText().length() + 32;
        }
        if (node.isBoolean() || node.isNull()) {
            return 5;
        }
        return limit + 1; // binary or POJO nodes (never parsed from JSON): measure them by writing them
    }

    /**
     * Turns a validated event into its typed form.
     *
     * @throws IllegalArgumentException when the event does not pass {@link EventValidator}
     */
    public static FlowEvent decode(JsonNode event) {
        List<Violation> violations = EventValidator.validate(0, event);
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException("invalid event: " + violations);
        }
        EventType type = EventType.fromWireName(event.get("type").asText()).orElseThrow();
        EventData data = EventSchema.of(type).decode(event.get("data"));
        return new FlowEvent(event.get("id").asText(), event.get("source").asText(), type,
                EventValidator.parseTime(event.get("time").asText()), text(event, "subject"), data, revision(event));
    }

    /**
     * The mapping revision of an event's JSON: its {@value FlowEvent#MAPPED_ATTRIBUTE} extension attribute in
     * microseconds since the epoch, 0 when it has none.
     */
    public static long revision(JsonNode event) {
        Instant mapped = time(event, FlowEvent.MAPPED_ATTRIBUTE);
        return mapped == null ? 0L : FlowEvent.revisionOf(mapped);
    }

    /**
     * Sets (or replaces) the {@value FlowEvent#MAPPED_ATTRIBUTE} extension attribute of an event's JSON: ingest-service
     * stamps every event it queues with the instant it mapped or accepted it.
     */
    public static ObjectNode stamp(ObjectNode event, long revision) {
        return event.put(FlowEvent.MAPPED_ATTRIBUTE, FlowEvent.mappedAt(revision).toString());
    }

    /** The CloudEvents JSON of a typed event (times in UTC). */
    public static ObjectNode encode(FlowEvent event) {
        ObjectNode n = NODES.objectNode();
        n.put("specversion", FlowEvent.SPEC_VERSION);
        n.put("id", event.id());
        n.put("source", event.source());
        n.put("type", event.type().wireName());
        n.put("time", event.time().toString());
        if (event.subject() != null) {
            n.put("subject", event.subject());
        }
        n.put("datacontenttype", "application/json");
        if (event.revision() > 0) {
            stamp(n, event.revision());
        }
        n.set("data", EventSchema.of(event.type()).encode(event.data(), NODES.objectNode()));
        return n;
    }

    private static String text(JsonNode d, String name) {
        JsonNode v = d.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant time(JsonNode d, String name) {
        String s = text(d, name);
        return s == null ? null : EventValidator.parseTime(s);
    }
}
