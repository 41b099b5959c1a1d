package dev.flowlens.ingest.connector;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Null-safe reads of tool JSON: a missing or null field is null, never an exception. */
public final class PayloadFields {

    private PayloadFields() {
    }

    /**
     * The node at a path of field names, read as a JSON pointer ({@link JsonNode#at}); null when any step is missing
     * or null.
     */
    public static JsonNode at(JsonNode node, String... path) {
        if (node == null) {
            return null;
        }
        JsonPointer pointer = JsonPointer.empty();
        for (String p : path) {
            pointer = pointer.appendProperty(p);
        }
        JsonNode n = node.at(pointer);
        return n.isNull() || n.isMissingNode() ? null : n;
    }

    /** The text at a path; null when absent. Numbers are given as their decimal text. */
    public static String text(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n == null || n.isContainerNode() ? null : n.asText();
    }

    /** The tool timestamp at a path (see {@link ToolTime}); null when absent or unreadable. */
    public static Instant time(JsonNode node, String... path) {
        return ToolTime.parse(text(node, path));
    }

    /** Whether the boolean at a path is true. */
    public static boolean isTrue(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n != null && n.asBoolean(false);
    }

    /**
     * The names of a label array: GitHub's {@code [{"name": ...}]}, GitLab's {@code [{"title": ...}]}
     * or plain strings (GitLab REST, Jira).
     */
    public static List<String> labels(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array == null || !array.isArray()) {
            return out;
        }
        for (JsonNode l : array) {
            String name = l.isTextual() ? l.asText() : l.hasNonNull("name") ? l.get("name").asText()
                    : l.hasNonNull("title") ? l.get("title").asText() : null;
            if (name != null && !name.isBlank()) {
                out.add(name);
            }
        }
        return out;
    }
}
