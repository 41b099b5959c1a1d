package dev.flowlens.events;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The canonical event types of docs/events.md; the wire name is also the broker routing key. Each type names the
 * record that declares its {@code data} ({@link EventData}).
 */
public enum EventType implements WireValue {
    WORKITEM_UPSERTED("workitem.upserted", EventData.WorkItemUpserted.class),
    WORKITEM_TRANSITIONED("workitem.transitioned", EventData.WorkItemTransitioned.class),
    WORKITEM_DELETED("workitem.deleted", EventData.WorkItemDeleted.class),
    CHANGE_OPENED("change.opened", EventData.ChangeOpened.class),
    CHANGE_MERGED("change.merged", EventData.ChangeMerged.class),
    CHANGE_REVIEWED("change.reviewed", EventData.ChangeReviewed.class),
    CHANGE_CLOSED("change.closed", EventData.ChangeClosed.class),
    DEPLOYMENT_FINISHED("deployment.finished", EventData.DeploymentFinished.class),
    INCIDENT_OPENED("incident.opened", EventData.IncidentOpened.class),
    INCIDENT_RESOLVED("incident.resolved", EventData.IncidentResolved.class);

    private static final Map<String, EventType> BY_WIRE_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

    private final String wireName;
    private final Class<? extends EventData> dataType;

    EventType(String wireName, Class<? extends EventData> dataType) {
        this.wireName = wireName;
        this.dataType = dataType;
    }

    /** The CloudEvents {@code type} attribute, e.g. {@code workitem.transitioned}. */
    @Override
    public String wireName() {
        return wireName;
    }

    /** The record of this type's {@code data}. */
    public Class<? extends EventData> dataType() {
        return dataType;
    }

    /** The type with this wire name, if it is one of the contract's. */
    public static Optional<EventType> fromWireName(String name) {
        return Optional.ofNullable(name == null ? null : BY_WIRE_NAME.get(name));
    }
}
