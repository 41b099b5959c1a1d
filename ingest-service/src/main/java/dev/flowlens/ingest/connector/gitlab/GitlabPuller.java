package dev.flowlens.ingest.connector.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.Pulled;
import dev.flowlens.ingest.connector.ToolTime;
import dev.flowlens.ingest.connector.pull.PullContext;
import dev.flowlens.ingest.connector.pull.ToolPuller;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * GitLab's incremental pull, per project path of the selector: issues (each with its
 * {@code resource_state_events}), merge requests, deployments and pipelines, each
 * {@code updated_after=<cursor>&order_by=updated_at&sort=asc}, so every committed page moves that
 * resource's cursor ({@code issues:<project>}, ...). Closing or reopening an issue updates it, so
 * its new state events come with its new version. A finished pipeline that the connector's
 * {@code deploymentPipelines} name is also read in full ({@code GET /pipelines/:id}, for its
 * {@code finished_at}) and stored so.
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
        int pageSize = context.config().pageSize();
        for (String p : context.settings().selector().split(",")) {
            String project = p.trim();
            if (project.isEmpty()) {
                continue;
            }
            // an issue is stored with its state events: closes and reopens with their own times
            read(context, mapper, "issues:" + project, q -> client.issues(project, q), issue -> {
                ObjectNode body = JsonNodeFactory.instance.objectNode();
                body.set("issue", issue);
                body.set("resource_state_events", JsonNodeFactory.instance.arrayNode()
                        .addAll(issue.hasNonNull("iid") ? client.issueStateEvents(project, issue.get("iid").asLong(), pageSize) : List.of()));
                return body;
            }, true);
            // a merge request is stored with its notes: review comments, and approvals (system notes) with their times
            read(context, mapper, "merge_requests:" + project, q -> client.mergeRequests(project, q), mr -> {
                ObjectNode body = JsonNodeFactory.instance.objectNode();
                body.set("merge_request", mr);
                body.set("notes", JsonNodeFactory.instance.arrayNode()
                        .addAll(mr.hasNonNull("iid") ? client.mergeRequestNotes(project, mr.get("iid").asLong(), pageSize) : List.of()));
                return body;
            }, true);
            read(context, mapper, "deployments:" + project, q -> client.deployments(project, q), o -> o, false);
            // a finished deployment pipeline is stored as GET /pipelines/:id answers it (the listing has no finished_at)
            read(context, mapper, "pipelines:" + project, q -> client.pipelines(project, q),
                    o -> mapper.isFinishedDeploymentPipeline(o) && o.hasNonNull("id") ? client.pipeline(project, o.get("id").asLong()) : o,
                    false);
        }
    }

    /**
     * Reads one resource from its cursor to the end, committing page by page.
     *
     * @param stored what is stored (and mapped) of one listed object: the object, or the object with what else was read for it
     */
    private void read(PullContext context, GitlabMapper mapper, String resource, Function<Map<String, String>, GitlabClient.Page> fetch,
            UnaryOperator<JsonNode> stored, boolean allScopes) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("updated_after", context.since(resource).toString());
        q.put("order_by", "updated_at");
        q.put("sort", "asc");
        if (allScopes) {
            q.put("scope", "all"); // not only those the token's user created
        }
        q.put("per_page", String.valueOf(context.config().pageSize()));
        Map<String, String> metadata = Map.of(Pulled.RESOURCE, resource);
        context.phase(resource);
        while (true) {
            GitlabClient.Page page = fetch.apply(q);
            page.total().ifPresent(context::expect);
            List<Pulled> items = new ArrayList<>();
            Instant newest = null;
            for (JsonNode o : page.items()) {
                Instant updated = ToolTime.parse(o.path("updated_at").asText(null));
                if (updated != null && (newest == null || updated.isAfter(newest))) {
                    newest = updated;
                }
                String url = o.hasNonNull("web_url") ? o.get("web_url").asText() : page.url();
                String version = resource + "/" + o.path("id").asText() + "@" + (updated == null ? "" : updated.toString());
                JsonNode body = stored.apply(o);
                items.add(new Pulled(version, url, metadata, body.toString(), mapper.mapPulled(resource, body, metadata).events()));
            }
            context.commit(resource, items, newest);
            if (page.next().isEmpty()) {
                return;
            }
            q = new LinkedHashMap<>(page.next().get());
        }
    }
}
