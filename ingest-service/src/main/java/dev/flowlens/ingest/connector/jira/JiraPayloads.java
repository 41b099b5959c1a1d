package dev.flowlens.ingest.connector.jira;

import static dev.flowlens.ingest.connector.PayloadFields.at;
import static dev.flowlens.ingest.connector.PayloadFields.labels;
import static dev.flowlens.ingest.connector.PayloadFields.text;
import static dev.flowlens.ingest.connector.PayloadFields.time;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of Jira webhook bodies ({@code jira:issue_*}) and of REST issues with
 * {@code expand=changelog} that Flowlens uses. Both carry the same {@code issue} object.
 */
final class JiraPayloads {

    private JiraPayloads() {
    }

    record Issue(String id, String key, String summary, String description, String issueType, String status,
            String project, Instant created, Instant updated, Instant resolved, List<String> labels, String parentKey,
            List<String> components) {
    }

    /** One {@code status} item of a changelog: Jira's display names of the two statuses. */
    record StatusChange(String from, String to) {
    }

    /** A changelog entry; {@code created} is null in webhooks, which date it by their {@code timestamp}. */
    record History(String id, Instant created, List<StatusChange> statusChanges) {
    }

    static Issue issue(JsonNode i) {
        JsonNode f = at(i, "fields");
        List<String> components = new ArrayList<>();
        JsonNode comps = at(f, "components");
        if (comps != null && comps.isArray()) {
            comps.forEach(c -> {
                if (c.hasNonNull("name")) {
                    components.add(c.get("name").asText());
                }
            });
        }
        // description is plain text in API v2 and webhooks, a document tree in API v3: only text is searched
        JsonNode d = at(f, "description");
        return new Issue(text(i, "id"), text(i, "key"), text(f, "summary"), d != null && d.isTextual() ? d.asText() : null,
                text(f, "issuetype", "name"), text(f, "status", "name"), text(f, "project", "key"), time(f, "created"),
                time(f, "updated"), time(f, "resolutiondate"), labels(at(f, "labels")), text(f, "parent", "key"),
                components);
    }

    /** A webhook's {@code changelog}. */
    static History webhookChangelog(JsonNode payload) {
        JsonNode c = at(payload, "changelog");
        return c == null ? null : new History(text(c, "id"), null, statusChanges(at(c, "items")));
    }

    /** The {@code changelog.histories} of a REST issue, in the order given. */
    static List<History> histories(JsonNode issue) {
        List<History> out = new ArrayList<>();
        JsonNode hs = at(issue, "changelog", "histories");
        if (hs != null && hs.isArray()) {
            hs.forEach(h -> out.add(new History(text(h, "id"), time(h, "created"), statusChanges(at(h, "items")))));
        }
        return out;
    }

    private static List<StatusChange> statusChanges(JsonNode items) {
        List<StatusChange> out = new ArrayList<>();
        if (items == null || !items.isArray()) {
            return out;
        }
        for (JsonNode item : items) {
            // "status" is the workflow status; "Workflow" items (scheme changes) and custom fields named
            // like it are not transitions.
            String fieldId = text(item, "fieldId");
            boolean status = fieldId != null ? fieldId.equals("status")
                    : "status".equals(text(item, "field")) && !"custom".equals(text(item, "fieldtype"));
            if (status) {
                out.add(new StatusChange(text(item, "fromString"), text(item, "toString")));
            }
        }
        return out;
    }
}
