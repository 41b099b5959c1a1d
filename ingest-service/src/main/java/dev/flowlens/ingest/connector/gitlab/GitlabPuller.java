package dev.flowlens.ingest.connector.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.Mapping;
import dev.flowlens.ingest.connector.PullContext;
import dev.flowlens.ingest.connector.Pulled;
import dev.flowlens.ingest.connector.ToolPuller;
import dev.flowlens.ingest.connector.ToolTime;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * GitLab's incremental pull, per project path of the selector: issues, merge requests and
 * deployments, each {@code updated_after=<cursor>&order_by=updated_at&sort=asc}, so every
 * committed page moves that resource's cursor ({@code issues:<project>}, ...).
 */
@ApplicationScoped
public class GitlabPuller implements ToolPuller {

    @Override
    public ConnectorKind kind() {
        return ConnectorKind.GITLAB;
    }

    @Override
    public void pull(PullContext context) {
        GitlabClient client = new GitlabClient(context);
        GitlabMapper mapper = new GitlabMapper(context.settings());
        for (String p : context.settings().selector().split(",")) {
            String project = p.trim();
            if (project.isEmpty()) {
                continue;
            }
            read(context, "issues:" + project, q -> client.issues(project, q), mapper::restIssue, true);
            read(context, "merge_requests:" + project, q -> client.mergeRequests(project, q), mapper::restMergeRequest, true);
            read(context, "deployments:" + project, q -> client.deployments(project, q), d -> mapper.restDeployment(project, d), false);
        }
    }

    private void read(PullContext context, String resource, Function<Map<String, String>, GitlabClient.Page> fetch,
            Function<JsonNode, Mapping> map, boolean allScopes) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("updated_after", context.since(resource).toString());
        q.put("order_by", "updated_at");
        q.put("sort", "asc");
        if (allScopes) {
            q.put("scope", "all"); // not only those the token's user created
        }
        q.put("per_page", String.valueOf(context.config().pageSize()));
        while (true) {
            GitlabClient.Page page = fetch.apply(q);
            List<Pulled> items = new ArrayList<>();
            Instant newest = null;
            for (JsonNode o : page.items()) {
                Instant updated = ToolTime.parse(o.path("updated_at").asText(null));
                if (updated != null && (newest == null || updated.isAfter(newest))) {
                    newest = updated;
                }
                String url = o.hasNonNull("web_url") ? o.get("web_url").asText() : page.url();
                String version = resource + "/" + o.path("id").asText() + "@" + (updated == null ? "" : updated.toString());
                items.add(new Pulled(version, url, Map.of(), o.toString(), map.apply(o).events()));
            }
            context.commit(resource, items, newest);
            if (page.next().isEmpty()) {
                return;
            }
            q = new LinkedHashMap<>(page.next().get());
        }
    }
}
