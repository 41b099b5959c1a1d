package dev.flowlens.ingest.connector.jira;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowlens.events.EventData;
import dev.flowlens.events.EventType;
import dev.flowlens.events.FlowEvent;
import dev.flowlens.ingest.connector.ConnectorSettings;
import dev.flowlens.ingest.connector.Mapping;
import dev.flowlens.ingest.connector.ToolMapper;
import dev.flowlens.ingest.connector.ToolTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Jira issues and their status changelogs -> canonical events. Pure.
 *
 * <p>A status change has the id of its changelog entry
 * ({@code jira:<site>:<issue id>:changelog:<history id>}), which the webhook ({@code changelog.id})
 * and the REST API ({@code changelog.histories[].id}) share, so a change seen both ways counts once.
 * A webhook dates it by its {@code timestamp}, the REST API by the entry's {@code created}.
 */
public final class JiraMapper implements ToolMapper {

    private final ConnectorSettings settings;

    public JiraMapper(ConnectorSettings settings) {
        this.settings = settings;
    }

    @Override
    public Mapping mapWebhook(String eventKind, JsonNode payload) {
        String event = payload.path("webhookEvent").asText("");
        JsonNode issueNode = payload.get("issue");
        Instant at = ToolTime.ofEpochMilli(payload.path("timestamp").asLong(0));
        Mapping m = new Mapping();
        if (issueNode == null || !issueNode.isObject()) {
            return m; // sprint_*, board_*, version_*, ...: kept raw, no canonical fact
        }
        JiraPayloads.Issue i = JiraPayloads.issue(issueNode);
        switch (event) {
            case "jira:issue_created", "jira:issue_updated" -> {
                m.addAll(upsert(i));
                JiraPayloads.History h = JiraPayloads.webhookChangelog(payload);
                if (h != null) {
                    m.addAll(transitions(i, h, at));
                }
            }
            case "jira:issue_deleted" -> {
                if (i.id() == null || at == null) {
                    return m.skip("issue deleted without an id or timestamp");
                }
                m.add(new FlowEvent(prefix(i) + ":deleted", source(), EventType.WORKITEM_DELETED, at, i.key(),
                        new EventData.WorkItemDeleted(itemId(i.key()))));
            }
            // comment_*, worklog_*, issuelink_*: the work item's flow does not change
            default -> { }
        }
        return m;
    }

    /** One REST issue with {@code expand=changelog}: its upsert and every status change it records. */
    public Mapping restIssue(JsonNode issue) {
        JiraPayloads.Issue i = JiraPayloads.issue(issue);
        Mapping m = upsert(i);
        for (JiraPayloads.History h : JiraPayloads.histories(issue)) {
            m.addAll(transitions(i, h, h.created()));
        }
        return m;
    }

    /** A pulled object: every resource of the Jira pull ({@code search}) is one REST issue with its changelog. */
    @Override
    public Mapping mapPulled(String resource, JsonNode body, Map<String, String> metadata) {
        return restIssue(body);
    }

    private Mapping upsert(JiraPayloads.Issue i) {
        Mapping m = new Mapping();
        if (i.id() == null || i.key() == null) {
            return m.skip("issue without an id or key");
        }
        Instant version = i.updated() != null ? i.updated() : i.created();
        if (version == null) {
            return m.skip(i.key() + ": no updated or created time in this payload");
        }
        String parent = i.parentKey() == null ? null : itemId(i.parentKey());
        String url = settings.baseUrl() == null ? null : settings.baseUrl().replaceAll("/+$", "") + "/browse/" + i.key();
        List<String> typeNames = i.issueType() == null ? List.of() : List.of(i.issueType());
        m.add(new FlowEvent(prefix(i) + ":upserted:" + version, source(), EventType.WORKITEM_UPSERTED, version, i.key(),
                new EventData.WorkItemUpserted(itemId(i.key()), i.key(), i.summary(), settings.itemType(typeNames),
                        i.project(), null, i.status(), i.created(), url, i.labels(), parent)));
        List<String> incidentNames = new java.util.ArrayList<>(typeNames);
        incidentNames.addAll(i.labels());
        if (settings.isIncident(incidentNames) && i.created() != null) {
            String service = !i.components().isEmpty() ? i.components().get(0) : i.project();
            // Jira has no deployments of its own: only a canonical deployment id (with ':') is a link.
            String cause = settings.causeReference(i.summary(), i.description()).filter(r -> r.contains(":")).orElse(null);
            m.add(new FlowEvent(prefix(i) + ":incident:opened", source(), EventType.INCIDENT_OPENED, i.created(), i.key(),
                    new EventData.IncidentOpened(itemId(i.key()), service, null, i.created(), cause, null, null)));
            if (i.resolved() != null) {
                m.add(new FlowEvent(prefix(i) + ":incident:resolved:" + i.resolved(), source(), EventType.INCIDENT_RESOLVED,
                        i.resolved(), i.key(), new EventData.IncidentResolved(itemId(i.key()), service, i.created(),
                                i.resolved(), cause, null, null)));
            }
        }
        return m;
    }

    private Mapping transitions(JiraPayloads.Issue i, JiraPayloads.History h, Instant at) {
        Mapping m = new Mapping();
        if (h.statusChanges().isEmpty()) {
            return m;
        }
        if (i.id() == null || i.key() == null || h.id() == null || at == null) {
            return m.skip("status change of " + i.key() + " without an issue id, changelog id or time");
        }
        for (int n = 0; n < h.statusChanges().size(); n++) {
            JiraPayloads.StatusChange c = h.statusChanges().get(n);
            String id = prefix(i) + ":changelog:" + h.id() + (n == 0 ? "" : ":" + n);
            m.add(new FlowEvent(id, source(), EventType.WORKITEM_TRANSITIONED, at, i.key(),
                    new EventData.WorkItemTransitioned(itemId(i.key()), c.from(), c.to(), at)));
        }
        return m;
    }

    private String prefix(JiraPayloads.Issue i) {
        return "jira:" + settings.site() + ":" + i.id();
    }

    private String itemId(String key) {
        return "jira:" + settings.site() + ":" + key;
    }

    private String source() {
        return "jira/" + settings.site();
    }
}
