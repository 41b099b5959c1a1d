package dev.flowlens.events;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The fields of each event type's {@code data}, as EVENTS.md lists them: one table drives validation. */
final class EventSchema {

    /** WEB_URL: a string that must be an absolute http(s) URL (a link a dashboard may open). */
    enum Kind { STRING, TIME, STRING_LIST, WEB_URL }

    record Field(String name, Kind kind, boolean required, Set<String> allowed) {
        static Field req(String name, Kind kind) {
            return new Field(name, kind, true, Set.of());
        }

        static Field opt(String name, Kind kind) {
            return new Field(name, kind, false, Set.of());
        }

        static Field reqOneOf(String name, String... values) {
            return new Field(name, Kind.STRING, true, Set.of(values));
        }
    }

    /** Item types a work item may have (EVENTS.md). */
    static final Set<String> ITEM_TYPES = Set.of("feature", "defect", "risk", "debt");

    private static final Map<EventType, List<Field>> FIELDS = Map.of(
            EventType.WORKITEM_UPSERTED, List.of(
                    Field.req("itemId", Kind.STRING), Field.req("key", Kind.STRING), Field.opt("title", Kind.STRING),
                    Field.reqOneOf("itemType", "feature", "defect", "risk", "debt"),
                    Field.req("project", Kind.STRING), Field.opt("team", Kind.STRING),
                    Field.req("status", Kind.STRING), Field.req("createdAt", Kind.TIME),
                    Field.opt("url", Kind.WEB_URL), Field.opt("labels", Kind.STRING_LIST),
                    Field.opt("parentId", Kind.STRING)),
            EventType.WORKITEM_TRANSITIONED, List.of(
                    Field.req("itemId", Kind.STRING), Field.opt("fromStatus", Kind.STRING),
                    Field.req("toStatus", Kind.STRING), Field.req("at", Kind.TIME)),
            EventType.WORKITEM_DELETED, List.of(Field.req("itemId", Kind.STRING)),
            EventType.CHANGE_OPENED, List.of(
                    Field.req("changeId", Kind.STRING), Field.req("repository", Kind.STRING),
                    Field.opt("title", Kind.STRING), Field.opt("author", Kind.STRING),
                    Field.req("createdAt", Kind.TIME), Field.opt("workItemKeys", Kind.STRING_LIST)),
            EventType.CHANGE_MERGED, List.of(
                    Field.req("changeId", Kind.STRING), Field.req("repository", Kind.STRING),
                    Field.opt("title", Kind.STRING), Field.opt("author", Kind.STRING),
                    Field.req("createdAt", Kind.TIME), Field.opt("firstCommitAt", Kind.TIME),
                    Field.req("mergedAt", Kind.TIME), Field.req("mergeCommitSha", Kind.STRING),
                    Field.opt("workItemKeys", Kind.STRING_LIST)),
            EventType.DEPLOYMENT_FINISHED, List.of(
                    Field.req("deploymentId", Kind.STRING), Field.req("service", Kind.STRING),
                    Field.req("environment", Kind.STRING), Field.reqOneOf("status", "success", "failure"),
                    Field.opt("startedAt", Kind.TIME), Field.req("finishedAt", Kind.TIME),
                    Field.req("commitShas", Kind.STRING_LIST)),
            EventType.INCIDENT_OPENED, List.of(
                    Field.req("incidentId", Kind.STRING), Field.req("service", Kind.STRING),
                    Field.opt("severity", Kind.STRING), Field.req("openedAt", Kind.TIME),
                    Field.opt("causedByDeploymentId", Kind.STRING)),
            EventType.INCIDENT_RESOLVED, List.of(
                    Field.req("incidentId", Kind.STRING), Field.req("service", Kind.STRING),
                    Field.req("openedAt", Kind.TIME), Field.req("resolvedAt", Kind.TIME),
                    Field.opt("causedByDeploymentId", Kind.STRING)));

    private EventSchema() {
    }

    static List<Field> fields(EventType type) {
        return FIELDS.get(type);
    }
}
