package dev.flowlens.ingest.connector.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.Pulled;
import dev.flowlens.ingest.connector.ToolTime;
import dev.flowlens.ingest.connector.pull.PullContext;
import dev.flowlens.ingest.connector.pull.PullFailure;
import dev.flowlens.ingest.connector.pull.ToolPuller;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jira Cloud's incremental pull: one JQL search, {@code (<selector>) AND updated >= "<cursor>"
 * ORDER BY updated ASC}, with {@code expand=changelog}, paged by {@code nextPageToken} (or
 * {@code startAt}/{@code total}). JQL dates have minute precision and are read in the token
 * user's time zone, so the cursor is written in that zone and rounded down: the boundary issues
 * come again and are recognised as already stored (same issue, same {@code updated}). An issue
 * whose embedded changelog is cut short is completed from {@code /issue/{id}/changelog}.
 */
@ApplicationScoped
public class JiraPuller implements ToolPuller {

    static final String RESOURCE = "search";
    private static final DateTimeFormatter JQL_TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm");

    @Override
    public ConnectorKind kind() {
        return ConnectorKind.JIRA;
    }

    /**
     * The issue as the search listed it, unless the search embedded only part of its changelog
     * ({@code changelog.total} above the histories embedded; Jira embeds at most 100): then with
     * every history entry read from {@code /issue/{id}/changelog}, so that no status change is lost
     * and the stored row holds what its mapping (and a replay) needs.
     */
    static JsonNode withWholeChangelog(JiraClient client, JsonNode issue, int pageSize) {
        JsonNode changelog = issue.path("changelog");
        int embedded = changelog.path("histories").size();
        if (changelog.path("total").asInt(0) <= embedded || !issue.hasNonNull("id")) {
            return issue;
        }
        List<JsonNode> all = client.changelog(issue.get("id").asText(), pageSize);
        ObjectNode whole = issue.deepCopy();
        ObjectNode c = whole.putObject("changelog");
        c.put("startAt", 0).put("maxResults", all.size()).put("total", all.size());
        c.putArray("histories").addAll(all);
        return whole;
    }

    @Override
    public void pull(PullContext context) {
        JiraClient client = new JiraClient(context);
        JiraMapper mapper = new JiraMapper(context.settings());
        ZoneId zone = client.userZone();
        String jql = "(" + context.settings().selector() + ") AND updated >= \"" + JQL_TIME.format(context.since(RESOURCE).atZone(zone))
                + "\" ORDER BY updated ASC";
        Map<String, String> q = new LinkedHashMap<>();
        q.put("jql", jql);
        q.put("expand", "changelog");
        q.put("fields", "*all");
        q.put("maxResults", String.valueOf(context.config().pageSize()));
        String base = context.settings().baseUrl().trim().replaceAll("/+$", "");
        int startAt = 0;
        context.phase(RESOURCE);
        while (true) {
            JsonNode page = client.search(q);
            if (page.path("total").isInt()) {
                context.expect(page.path("total").asInt()); // the older /search says how many; /search/jql does not
            }
            JsonNode issues = page.path("issues");
            if (!issues.isArray()) {
                throw new PullFailure("GET /rest/api/3/search/jql answered no issues array");
            }
            List<Pulled> items = new ArrayList<>();
            Instant newest = null;
            for (JsonNode listed : issues) {
                JsonNode issue = withWholeChangelog(client, listed, context.config().pageSize());
                Instant updated = ToolTime.parse(issue.path("fields").path("updated").asText(null));
                if (updated != null && (newest == null || updated.isAfter(newest))) {
                    newest = updated;
                }
                String url = issue.hasNonNull("self") ? issue.get("self").asText() : base + "/rest/api/3/issue/" + issue.path("id").asText();
                Map<String, String> metadata = Map.of(Pulled.RESOURCE, RESOURCE);
                items.add(new Pulled(url + "@" + (updated == null ? "" : updated.toString()), url, metadata, issue.toString(),
                        mapper.mapPulled(RESOURCE, issue, metadata).events()));
            }
            context.commit(RESOURCE, items, newest);
            String token = page.path("nextPageToken").asText(null);
            if (token != null && !token.isBlank() && !page.path("isLast").asBoolean(false)) {
                q.put("nextPageToken", token);
                continue;
            }
            // the older /search shape pages by offset
            startAt += issues.size();
            if (token == null && page.has("total") && startAt < page.path("total").asInt() && issues.size() > 0) {
                q.put("startAt", String.valueOf(startAt));
                continue;
            }
            return;
        }
    }
}
