package dev.flowlens.events;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The canonical event types of EVENTS.md; the wire name is also the broker routing key. */
public enum EventType {
    WORKITEM_UPSERTED("workitem.upserted"),
    WORKITEM_TRANSITIONED("workitem.transitioned"),
    WORKITEM_DELETED("workitem.deleted"),
    CHANGE_OPENED("change.opened"),
    CHANGE_MERGED("change.merged"),
    DEPLOYMENT_FINISHED("deployment.finished"),
    INCIDENT_OPENED("incident.opened"),
    INCIDENT_RESOLVED("incident.resolved");

    private static final Map<String, EventType> BY_WIRE_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    /** The CloudEvents {@code type} attribute, e.g. {@code workitem.transitioned}. */
    public String wireName() {
        return wireName;
    }

    /** The type with this wire name, if it is one of the contract's. */
    public static Optional<EventType> fromWireName(String name) {
        return Optional.ofNullable(name == null ? null : BY_WIRE_NAME.get(name));
    }
}
