package dev.flowlens.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
        JsonNode d = event.get("data");
        EventData data = switch (type) {
            case WORKITEM_UPSERTED -> new EventData.WorkItemUpserted(text(d, "itemId"), text(d, "key"),
                    text(d, "title"), text(d, "itemType"), text(d, "project"), text(d, "team"), text(d, "status"),
                    time(d, "createdAt"), text(d, "url"), list(d, "labels"), text(d, "parentId"));
            case WORKITEM_TRANSITIONED -> new EventData.WorkItemTransitioned(text(d, "itemId"),
                    text(d, "fromStatus"), text(d, "toStatus"), time(d, "at"));
            case WORKITEM_DELETED -> new EventData.WorkItemDeleted(text(d, "itemId"));
            case CHANGE_OPENED -> new EventData.ChangeOpened(text(d, "changeId"), text(d, "repository"),
                    text(d, "title"), text(d, "author"), time(d, "createdAt"), list(d, "workItemKeys"));
            case CHANGE_MERGED -> new EventData.ChangeMerged(text(d, "changeId"), text(d, "repository"),
                    text(d, "title"), text(d, "author"), time(d, "createdAt"), time(d, "firstCommitAt"),
                    time(d, "mergedAt"), text(d, "mergeCommitSha"), list(d, "workItemKeys"));
            case DEPLOYMENT_FINISHED -> new EventData.DeploymentFinished(text(d, "deploymentId"),
                    text(d, "service"), text(d, "environment"), text(d, "status"), time(d, "startedAt"),
                    time(d, "finishedAt"), list(d, "commitShas"));
            case INCIDENT_OPENED -> new EventData.IncidentOpened(text(d, "incidentId"), text(d, "service"),
                    text(d, "severity"), time(d, "openedAt"), text(d, "causedByDeploymentId"));
            case INCIDENT_RESOLVED -> new EventData.IncidentResolved(text(d, "incidentId"), text(d, "service"),
                    time(d, "openedAt"), time(d, "resolvedAt"), text(d, "causedByDeploymentId"));
        };
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
        n.set("data", encodeData(event.data()));
        return n;
    }

    private static ObjectNode encodeData(EventData data) {
        ObjectNode d = NODES.objectNode();
        if (data instanceof EventData.WorkItemUpserted u) {
            put(d, "itemId", u.itemId()).put("key", u.key());
            put(d, "title", u.title()).put("itemType", u.itemType());
            put(d, "project", u.project());
            put(d, "team", u.team()).put("status", u.status());
            put(d, "createdAt", u.createdAt());
            put(d, "url", u.url());
            putList(d, "labels", u.labels());
            put(d, "parentId", u.parentId());
        } else if (data instanceof EventData.WorkItemTransitioned t) {
            put(d, "itemId", t.itemId());
            put(d, "fromStatus", t.fromStatus()).put("toStatus", t.toStatus());
            put(d, "at", t.at());
        } else if (data instanceof EventData.WorkItemDeleted x) {
            put(d, "itemId", x.itemId());
        } else if (data instanceof EventData.ChangeOpened c) {
            put(d, "changeId", c.changeId()).put("repository", c.repository());
            put(d, "title", c.title());
            put(d, "author", c.author());
            put(d, "createdAt", c.createdAt());
            putList(d, "workItemKeys", c.workItemKeys());
        } else if (data instanceof EventData.ChangeMerged c) {
            put(d, "changeId", c.changeId()).put("repository", c.repository());
            put(d, "title", c.title());
            put(d, "author", c.author());
            put(d, "createdAt", c.createdAt());
            put(d, "firstCommitAt", c.firstCommitAt());
            put(d, "mergedAt", c.mergedAt());
            put(d, "mergeCommitSha", c.mergeCommitSha());
            putList(d, "workItemKeys", c.workItemKeys());
        } else if (data instanceof EventData.DeploymentFinished x) {
            put(d, "deploymentId", x.deploymentId()).put("service", x.service());
            put(d, "environment", x.environment()).put("status", x.status());
            put(d, "startedAt", x.startedAt());
            put(d, "finishedAt", x.finishedAt());
            putList(d, "commitShas", x.commitShas());
        } else if (data instanceof EventData.IncidentOpened x) {
            put(d, "incidentId", x.incidentId()).put("service", x.service());
            put(d, "severity", x.severity());
            put(d, "openedAt", x.openedAt());
            put(d, "causedByDeploymentId", x.causedByDeploymentId());
        } else if (data instanceof EventData.IncidentResolved x) {
            put(d, "incidentId", x.incidentId()).put("service", x.service());
            put(d, "openedAt", x.openedAt());
            put(d, "resolvedAt", x.resolvedAt());
            put(d, "causedByDeploymentId", x.causedByDeploymentId());
        }
        return d;
    }

    private static ObjectNode put(ObjectNode d, String name, String value) {
        if (value != null) {
            d.put(name, value);
        }
        return d;
    }

    private static ObjectNode put(ObjectNode d, String name, Instant value) {
        if (value != null) {
            d.put(name, value.toString());
        }
        return d;
    }

    private static void putList(ObjectNode d, String name, List<String> values) {
        ArrayNode a = d.putArray(name);
        values.forEach(a::add);
    }

    private static String text(JsonNode d, String name) {
        JsonNode v = d.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant time(JsonNode d, String name) {
        String s = text(d, name);
        return s == null ? null : EventValidator.parseTime(s);
    }

    private static List<String> list(JsonNode d, String name) {
        JsonNode v = d.get(name);
        if (v == null || !v.isArray()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(v.size());
        v.forEach(e -> out.add(e.asText()));
        return List.copyOf(out);
    }
}
