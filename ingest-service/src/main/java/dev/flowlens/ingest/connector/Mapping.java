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

    /**
     * Encodes an event and keeps it when it passes {@link EventValidator}; otherwise records why not. A link that
     * is not an http(s) URL is left out first (and the reason recorded): the item still counts, only unlinked.
     */
    public Mapping add(FlowEvent event) {
        ObjectNode json = FlowEventCodec.encode(event);
        withoutNul(json);
        withoutNonWebLink(json);
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

    /**
     * Removes {@code data.url} when it is not an absolute http(s) URL ({@link EventValidator#isWebUrl}): a tool's
     * payload (or whoever holds a connector's webhook secret) could carry {@code javascript:...}, which a dashboard
     * would open in its own origin on a click. The validator refuses such a url outright; here the rest of the
     * item is worth keeping.
     */
    private void withoutNonWebLink(ObjectNode json) {
        if (json.get("data") instanceof ObjectNode data && data.get("url") instanceof TextNode url
                && !EventValidator.isWebUrl(url.textValue())) {
            data.remove("url");
            skipped.add(json.path("id").asText() + ": url left out, not an http(s) URL: '" + clip(url.textValue()) + "'");
        }
    }

    private static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
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
