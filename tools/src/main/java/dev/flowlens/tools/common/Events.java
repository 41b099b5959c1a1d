package dev.flowlens.tools.common;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** CloudEvents of the canonical flow events (docs/events.md) as the programs post them to ingest-service. */
public final class Events {

    private Events() {
    }

    /** An event with its data; {@code subject} is left out when null. Times are written to the second. */
    public static ObjectNode event(String id, String source, String type, Instant time, String subject,
            ObjectNode data) {
        return event(id, source, type, time, subject, null, data);
    }

    /** {@link #event(String, String, String, Instant, String, ObjectNode)} with a datacontenttype (unless null). */
    public static ObjectNode event(String id, String source, String type, Instant time, String subject,
            String dataContentType, ObjectNode data) {
        ObjectNode e = Json.object().put("specversion", "1.0").put("id", id).put("source", source).put("type", type)
                .put("time", iso(time));
        if (subject != null) {
            e.put("subject", subject);
        }
        if (dataContentType != null) {
            e.put("datacontenttype", dataContentType);
        }
        e.set("data", data);
        return e;
    }

    /** A workitem.transitioned data object. */
    public static ObjectNode transition(String itemId, String from, String to, Instant at) {
        return Json.object().put("itemId", itemId).put("fromStatus", from).put("toStatus", to).put("at", iso(at));
    }

    /** An instant as the events write it: ISO-8601 UTC, whole seconds. */
    public static String iso(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
