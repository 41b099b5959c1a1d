package dev.flowlens.ingest.connector.github;

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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * GitHub's incremental pull, per repository of the selector (docs/connectors.md "Pull"):
 * <ul>
 * <li>{@code issues:<repo>}: {@code GET /issues?state=all&since=<cursor>&sort=updated&direction=asc};
 * oldest change first, so the cursor moves with every committed page.</li>
 * <li>{@code pulls:<repo>}: {@code GET /pulls?state=all&sort=updated&direction=desc} (no {@code since}
 * there): read until a pull request older than the cursor; the cursor moves once, with the last page.
 * A merged pull request's first commit time comes from {@code /pulls/{n}/commits}. The reviews of each pull request
 * read (updated since the cursor: a submitted review updates its pull request) come from
 * {@code /pulls/{n}/reviews}, every page, as {@code reviews:<repo>} rows.</li>
 * <li>{@code deployments:<repo>}: {@code GET /deployments} (newest created first) and each one's
 * {@code /statuses}, until a deployment created before the cursor. A deployment still unfinished
 * holds the cursor at its creation, so its final status is read by a later run.</li>
 * <li>{@code workflow_runs:<repo>}: {@code GET /actions/runs?created=>=<cursor>} (newest created
 * first, wrapped in {@code {"total_count", "workflow_runs"}}). GitHub answers at most 1,000 runs for
 * a filtered listing: when one ends short of its {@code total_count}, the rest is asked for as
 * {@code created=<cursor>..<oldest creation read>}. A run not yet completed holds the cursor at its
 * creation, so its completion is read by a later run; the cursor moves once, with the last page.</li>
 * </ul>
 */
@ApplicationScoped
public class GithubPuller implements ToolPuller {

    private static final Set<String> UNFINISHED = Set.of("pending", "queued", "in_progress");

    @Override
    public ConnectorKind kind() {
        return ConnectorKind.GITHUB;
    }

    @Override
    public void pull(PullContext context) {
        GithubClient client = new GithubClient(context);
        GithubMapper mapper = new GithubMapper(context.settings());
        for (String repo : context.settings().selector().split(",")) {
            String r = repo.trim();
            if (r.isEmpty()) {
                continue;
            }
            issues(context, client, mapper, r);
            pulls(context, client, mapper, r);
            deployments(context, client, mapper, r);
            workflowRuns(context, client, mapper, r);
        }
    }

    private void issues(PullContext context, GithubClient client, GithubMapper mapper, String repo) {
        String resource = "issues:" + repo;
        context.phase(resource);
        Map<String, String> q = new LinkedHashMap<>();
        q.put("state", "all");
        q.put("sort", "updated");
        q.put("direction", "asc");
        q.put("since", context.since(resource).truncatedTo(ChronoUnit.SECONDS).toString());
        q.put("per_page", String.valueOf(context.config().pageSize()));
        while (true) {
            GithubClient.Page page = client.issues(repo, q);
            List<Pulled> items = new ArrayList<>();
            Instant newest = null;
            for (JsonNode issue : page.items()) {
                Instant updated = ToolTime.parse(issue.path("updated_at").asText(null));
                newest = later(newest, updated);
                if (issue.hasNonNull("pull_request")) {
                    continue; // the issues list includes pull requests: they are read from /pulls
                }
                items.add(pulled(mapper, resource, version(issue, updated), issue.path("url").asText(page.url()), Map.of(), issue));
            }
            context.commit(resource, items, newest);
            if (page.next().isEmpty()) {
                return;
            }
            q = new LinkedHashMap<>(page.next().get());
        }
    }

    private void pulls(PullContext context, GithubClient client, GithubMapper mapper, String repo) {
        String resource = "pulls:" + repo;
        context.phase(resource);
        Instant since = context.since(resource);
        Map<String, String> q = new LinkedHashMap<>();
        q.put("state", "all");
        q.put("sort", "updated");
        q.put("direction", "desc");
        q.put("per_page", String.valueOf(context.config().pageSize()));
        Instant newest = null;
        List<Pulled> reviews = new ArrayList<>();
        while (true) {
            GithubClient.Page page = client.pulls(repo, q);
            List<Pulled> items = new ArrayList<>();
            boolean older = false;
            for (JsonNode pr : page.items()) {
                Instant updated = ToolTime.parse(pr.path("updated_at").asText(null));
                if (updated != null && updated.isBefore(since)) {
                    older = true; // sorted by update, newest first: the rest is older still
                    break;
                }
                newest = later(newest, updated);
                Map<String, String> meta = Map.of();
                if (pr.hasNonNull("merged_at")) {
                    Instant firstCommit = client.firstCommitAt(repo, pr.path("number").asLong(), context.config().pageSize());
                    if (firstCommit != null) {
                        meta = Map.of(GithubMapper.FIRST_COMMIT_AT, firstCommit.toString());
                    }
                }
                items.add(pulled(mapper, resource, version(pr, updated), pr.path("url").asText(page.url()), meta, pr));
                if (pr.hasNonNull("number")) {
                    reviews.addAll(reviews(context, client, mapper, repo, pr.path("number").asLong()));
                }
            }
            boolean last = older || page.next().isEmpty();
            // the reviews first: the pull requests' cursor may move with this page, and their reviews are read through it
            context.commit("reviews:" + repo, reviews, null);
            reviews = new ArrayList<>();
            // newest first: only a listing read to the end (or to the cursor) may move the cursor
            context.commit(resource, items, last ? newest : null);
            if (last) {
                return;
            }
            q = new LinkedHashMap<>(page.next().get());
        }
    }

    /** Every review of a pull request (all pages), as {@code reviews:<repo>} rows that name their pull request. */
    private List<Pulled> reviews(PullContext context, GithubClient client, GithubMapper mapper, String repo, long number) {
        String resource = "reviews:" + repo;
        List<Pulled> out = new ArrayList<>();
        Map<String, String> q = new LinkedHashMap<>(Map.of("per_page", String.valueOf(context.config().pageSize())));
        Map<String, String> meta = Map.of(GithubMapper.PULL_NUMBER, String.valueOf(number));
        while (true) {
            GithubClient.Page page = client.pullReviews(repo, number, q);
            for (JsonNode review : page.items()) {
                String v = "review:" + review.path("id").asText() + "@" + review.path("submitted_at").asText("")
                        + ":" + review.path("state").asText("");
                out.add(pulled(mapper, resource, v, review.path("html_url").asText(page.url()), meta, review));
            }
            if (page.next().isEmpty()) {
                return out;
            }
            q = new LinkedHashMap<>(page.next().get());
        }
    }

    private void deployments(PullContext context, GithubClient client, GithubMapper mapper, String repo) {
        String resource = "deployments:" + repo;
        context.phase(resource);
        Instant since = context.since(resource);
        Map<String, String> q = new LinkedHashMap<>(Map.of("per_page", String.valueOf(context.config().pageSize())));
        Instant newest = null;
        Instant oldestUnfinished = null;
        while (true) {
            GithubClient.Page page = client.deployments(repo, q);
            List<Pulled> items = new ArrayList<>();
            boolean older = false;
            for (JsonNode d : page.items()) {
                Instant created = ToolTime.parse(d.path("created_at").asText(null));
                if (created != null && created.isBefore(since)) {
                    older = true; // newest created first
                    break;
                }
                newest = later(newest, created);
                List<JsonNode> statuses = new ArrayList<>();
                Map<String, String> sq = new LinkedHashMap<>(Map.of("per_page", String.valueOf(context.config().pageSize())));
                while (true) {
                    GithubClient.Page sp = client.deploymentStatuses(repo, d.path("id").asLong(), sq);
                    statuses.addAll(sp.items());
                    if (sp.next().isEmpty()) {
                        break;
                    }
                    sq = new LinkedHashMap<>(sp.next().get());
                }
                String latest = statuses.isEmpty() ? null : statuses.get(0).path("state").asText(null); // newest first
                if ((latest == null || UNFINISHED.contains(latest)) && created != null) {
                    oldestUnfinished = oldestUnfinished == null || created.isBefore(oldestUnfinished) ? created : oldestUnfinished;
                }
                ObjectNode body = JsonNodeFactory.instance.objectNode();
                body.set("deployment", d);
                body.putArray("statuses").addAll(statuses);
                String v = d.path("url").asText(page.url()) + "@" + (statuses.isEmpty() ? "no-status" : statuses.get(0).path("id").asText());
                items.add(pulled(mapper, resource, v, d.path("url").asText(page.url()), Map.of("x-flowlens-shape", "deployment+statuses"),
                        body));
            }
            boolean last = older || page.next().isEmpty();
            context.commit(resource, items, last ? (oldestUnfinished != null ? oldestUnfinished : newest) : null);
            if (last) {
                return;
            }
            q = new LinkedHashMap<>(page.next().get());
        }
    }

    private void workflowRuns(PullContext context, GithubClient client, GithubMapper mapper, String repo) {
        String resource = "workflow_runs:" + repo;
        context.phase(resource);
        Instant since = context.since(resource).truncatedTo(ChronoUnit.SECONDS);
        String perPage = String.valueOf(context.config().pageSize());
        Map<String, String> q = new LinkedHashMap<>();
        q.put("created", ">=" + since);
        q.put("per_page", perPage);
        Instant newest = null;
        Instant oldestUnfinished = null;
        Instant upper = null; // the upper end of the current listing's creation range, after a listing was cut short
        Instant oldestRead = null; // in the current listing
        long read = 0; // in the current listing
        while (true) {
            GithubClient.Page page = client.workflowRuns(repo, q);
            List<Pulled> items = new ArrayList<>();
            boolean older = false;
            for (JsonNode run : page.items()) {
                Instant created = ToolTime.parse(run.path("created_at").asText(null));
                if (created != null && created.isBefore(since)) {
                    older = true; // newest created first (a server ignoring the filter)
                    break;
                }
                read++;
                newest = later(newest, created);
                oldestRead = earlier(oldestRead, created);
                if (!"completed".equalsIgnoreCase(run.path("status").asText("")) && created != null) {
                    oldestUnfinished = earlier(oldestUnfinished, created);
                }
                Instant updated = ToolTime.parse(run.path("updated_at").asText(null));
                items.add(pulled(mapper, resource, version(run, updated), run.path("url").asText(page.url()), Map.of(), run));
            }
            boolean end = older || page.next().isEmpty();
            // cut short by GitHub's 1,000-result cap: go on below the oldest run read (more than the
            // cap created within one second would not narrow the range, and ends the listing)
            boolean cut = end && !older && page.totalCount() > read && oldestRead != null && (upper == null || oldestRead.isBefore(upper));
            boolean last = end && !cut;
            context.commit(resource, items, last ? (oldestUnfinished != null ? oldestUnfinished : newest) : null);
            if (last) {
                return;
            }
            if (cut) {
                upper = oldestRead;
                q = new LinkedHashMap<>();
                q.put("created", since + ".." + upper);
                q.put("per_page", perPage);
                read = 0;
                oldestRead = null;
            } else {
                q = new LinkedHashMap<>(page.next().get());
            }
        }
    }

    /** A pulled object mapped the way a replay of its raw row maps it ({@link GithubMapper#mapPulled}). */
    static Pulled pulled(GithubMapper mapper, String resource, String version, String url, Map<String, String> meta, JsonNode body) {
        Map<String, String> metadata = new TreeMap<>(meta);
        metadata.put(Pulled.RESOURCE, resource);
        return new Pulled(version, url, metadata, body.toString(), mapper.mapPulled(resource, body, metadata).events());
    }

    private static String version(JsonNode object, Instant updated) {
        return object.path("url").asText(object.path("id").asText()) + "@" + (updated == null ? "" : updated.toString());
    }

    private static Instant later(Instant a, Instant b) {
        return b == null ? a : a == null || b.isAfter(a) ? b : a;
    }

    private static Instant earlier(Instant a, Instant b) {
        return b == null ? a : a == null || b.isBefore(a) ? b : a;
    }
}
