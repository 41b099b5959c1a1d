package dev.flowlens.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A canonical flow event: a CloudEvents 1.0 envelope around typed {@link EventData}.
 *
 * @param id      stable id: the same fact from the same tool always has the same id
 * @param source  the tool instance, e.g. {@code jira/acme}
 * @param type    the event type
 * @param time    when the fact happened in the tool (UTC)
 * @param subject optional subject, e.g. the issue key
 * @param data    the typed payload; its class matches {@code type}
 */
public record FlowEvent(String id, String source, EventType type, Instant time, String subject, EventData data) {

    /** CloudEvents spec version written and accepted. */
    public static final String SPEC_VERSION = "1.0";

    public FlowEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
    }
}
