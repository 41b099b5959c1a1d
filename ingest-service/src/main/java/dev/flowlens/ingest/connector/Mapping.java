package dev.flowlens.ingest.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.flowlens.events.EventValidator;
import dev.flowlens.events.FlowEvent;
import dev.flowlens.events.FlowEventCodec;
import dev.flowlens.events.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * What a mapper made of one payload: the canonical events (each already valid per EVENTS.md) and,
 * for review and logs, why a fact the payload seemed to hold was not emitted (e.g. a required time
 * missing). A payload kind that carries nothing Flowlens uses gives an empty mapping.
 */
public final class Mapping {

    private final List<ObjectNode> events = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();

    /** Encodes an event and keeps it when it passes {@link EventValidator}; otherwise records why not. */
    public Mapping add(FlowEvent event) {
        ObjectNode json = FlowEventCodec.encode(event);
        withoutNul(json);
        List<Violation> violations = EventValidator.validate(0, json);
        if (violations.isEmpty()) {
            events.add(json);
        } else {
            skipped.add(event.type().wireName() + " " + event.id() + ": "
                    + violations.stream().map(v -> v.field() + " " + v.message()).toList());
        }
        return this;
    }

    /**
     * Replaces U+0000 (a tool's JSON string may hold it, escaped) by U+FFFD in every string of an event:
     * PostgreSQL text cannot hold it, so an event id with one could not be queued (ingest) and a title with one
     * could not be stored as a fact (metrics-service). The same payload always gives the same event.
     */
    static void withoutNul(JsonNode node) {
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode v = o.get(name);
                if (v.isTextual() && v.textValue().indexOf('\u0000') >= 0) {
                    o.put(name, v.textValue().replace('\u0000', '\uFFFD'));
                } else {
                    withoutNul(v);
                }
            }
        } else if (node.isArray()) {
            ArrayNode a = (ArrayNode) node;
            for (int i = 0; i < a.size(); i++) {
                JsonNode v = a.get(i);
                if (v.isTextual() && v.textValue().indexOf('\u0000') >= 0) {
                    a.set(i, TextNode.valueOf(v.textValue().replace('\u0000', '\uFFFD')));
                } else {
                    withoutNul(v);
                }
            }
        }
    }

    /** Records a fact that could not be mapped, and why. */
    public Mapping skip(String reason) {
        skipped.add(reason);
        return this;
    }

    /** Appends another mapping's events and reasons. */
    public Mapping addAll(Mapping other) {
        events.addAll(other.events);
        skipped.addAll(other.skipped);
        return this;
    }

    /** The valid canonical events, in payload order. */
    public List<ObjectNode> events() {
        return List.copyOf(events);
    }

    /** Why facts were left out. */
    public List<String> skipped() {
        return List.copyOf(skipped);
    }
}
