package dev.flowlens.ingest.connector.gitlab;

import static dev.flowlens.ingest.connector.PayloadFields.at;
import static dev.flowlens.ingest.connector.PayloadFields.labels;
import static dev.flowlens.ingest.connector.PayloadFields.text;
import static dev.flowlens.ingest.connector.PayloadFields.time;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The parts of GitLab webhook bodies (Issue, Merge Request, Deployment and Pipeline Hooks) and of
 * the REST API's issues, merge requests, deployments and pipelines that Flowlens uses. Webhooks and REST name
 * some fields differently; each reader says which shape it takes.
 */
final class GitlabPayloads {

    private GitlabPayloads() {
    }

    record Issue(Long iid, String title, String description, String state, String action, Instant createdAt,
            Instant updatedAt, Instant closedAt, List<String> labels, String url, String issueType) {
    }

    record MergeRequest(Long iid, String title, String description, String author, String sourceBranch, String state,
            String action, Instant createdAt, Instant updatedAt, Instant mergedAt, String mergeCommitSha) {
    }

    /** One run of a deploy job to an environment, from any of the three sources; {@code ref}: its branch or tag. */
    record DeployJob(Long jobId, String status, String environment, String tier, String action, Instant startedAt,
            Instant finishedAt, String sha, String ref) {
    }

    /**
     * A pipeline: a Pipeline Hook's {@code object_attributes}, or a pipeline of
     * {@code GET /projects/:id/pipelines} (no {@code finished_at}) or {@code /pipelines/:id}.
     */
    record Pipeline(Long id, String ref, String sha, String status, Instant createdAt, Instant finishedAt, Instant updatedAt) {
    }

    /** One resource state event of an issue: {@code state} is {@code opened}, {@code closed}, {@code reopened} (or {@code locked}). */
    record StateEvent(Long id, String state, Instant at) {
    }

    /** {@code GET /projects/:id/issues/:iid/resource_state_events}, ordered by time then id (the API's order). */
    static List<StateEvent> stateEvents(JsonNode events) {
        List<StateEvent> out = new ArrayList<>();
        if (events != null && events.isArray()) {
            events.forEach(e -> out.add(new StateEvent(longOrNull(e, "id"), text(e, "state"), time(e, "created_at"))));
        }
        out.sort(Comparator.comparing(StateEvent::at, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(StateEvent::id, Comparator.nullsLast(Comparator.naturalOrder())));
        return out;
    }

    /** {@code project.path_with_namespace} of a webhook body. */
    static String project(JsonNode payload) {
        return text(payload, "project", "path_with_namespace");
    }

    /** The project of a REST issue or merge request: {@code references.full} without its {@code #n}/{@code !n}. */
    static String projectOfReference(JsonNode restObject) {
        String full = text(restObject, "references", "full");
        if (full == null) {
            return null;
        }
        int cut = Math.max(full.lastIndexOf('#'), full.lastIndexOf('!'));
        return cut > 0 ? full.substring(0, cut) : null;
    }

    /** An Issue Hook body. */
    static Issue webhookIssue(JsonNode payload) {
        JsonNode a = at(payload, "object_attributes");
        List<String> labels = labels(at(payload, "labels"));
        if (labels.isEmpty()) {
            labels = labels(at(a, "labels"));
        }
        String type = text(a, "issue_type") != null ? text(a, "issue_type") : text(a, "type");
        return new Issue(longOrNull(a, "iid"), text(a, "title"), text(a, "description"), text(a, "state"),
                text(a, "action"), time(a, "created_at"), time(a, "updated_at"), time(a, "closed_at"), labels,
                text(a, "url"), type);
    }

    /** An issue of {@code GET /projects/:id/issues}. */
    static Issue restIssue(JsonNode i) {
        return new Issue(longOrNull(i, "iid"), text(i, "title"), text(i, "description"), text(i, "state"), null,
                time(i, "created_at"), time(i, "updated_at"), time(i, "closed_at"), labels(at(i, "labels")),
                text(i, "web_url"), text(i, "issue_type"));
    }

    /** A Merge Request Hook body. The webhook carries no author name and, before GitLab 16, no merged_at. */
    static MergeRequest webhookMergeRequest(JsonNode payload) {
        JsonNode a = at(payload, "object_attributes");
        String sha = text(a, "merge_commit_sha");
        if (sha == null) {
            // fast-forward merges have no merge commit: the merged head is the last commit
            sha = text(a, "last_commit", "id");
        }
        return new MergeRequest(longOrNull(a, "iid"), text(a, "title"), text(a, "description"), null,
                text(a, "source_branch"), text(a, "state"), text(a, "action"), time(a, "created_at"),
                time(a, "updated_at"), time(a, "merged_at"), sha);
    }

    /** A merge request of {@code GET /projects/:id/merge_requests}. */
    static MergeRequest restMergeRequest(JsonNode m) {
        String sha = text(m, "merge_commit_sha");
        if (sha == null) {
            sha = text(m, "squash_commit_sha");
        }
        if (sha == null && "merged".equals(text(m, "state"))) {
            sha = text(m, "sha"); // fast-forward merge
        }
        return new MergeRequest(longOrNull(m, "iid"), text(m, "title"), text(m, "description"),
                text(m, "author", "username"), text(m, "source_branch"), text(m, "state"), null,
                time(m, "created_at"), time(m, "updated_at"), time(m, "merged_at"), sha);
    }

    /** A Deployment Hook body: the commit is the suffix of {@code commit_url} (as Four Keys reads it). */
    static DeployJob webhookDeployment(JsonNode payload) {
        String commitUrl = text(payload, "commit_url");
        String sha = commitUrl == null ? null : commitUrl.substring(commitUrl.lastIndexOf('/') + 1);
        return new DeployJob(longOrNull(payload, "deployable_id"), text(payload, "status"), text(payload, "environment"),
                text(payload, "environment_tier"), "start", null, time(payload, "status_changed_at"),
                sha == null || sha.isBlank() ? null : sha, text(payload, "ref"));
    }

    /** The deploy jobs (builds with an environment) of a Pipeline Hook body. */
    static List<DeployJob> pipelineDeployJobs(JsonNode payload) {
        String sha = text(payload, "object_attributes", "sha");
        String ref = text(payload, "object_attributes", "ref");
        List<DeployJob> out = new ArrayList<>();
        JsonNode builds = at(payload, "builds");
        if (builds == null || !builds.isArray()) {
            return out;
        }
        for (JsonNode b : builds) {
            JsonNode env = at(b, "environment");
            if (env == null) {
                continue;
            }
            out.add(new DeployJob(longOrNull(b, "id"), text(b, "status"), text(env, "name"), text(env, "deployment_tier"),
                    text(env, "action"), time(b, "started_at"), time(b, "finished_at"), sha, ref));
        }
        return out;
    }

    /** The pipeline of a Pipeline Hook body. */
    static Pipeline webhookPipeline(JsonNode payload) {
        return restPipeline(at(payload, "object_attributes"));
    }

    /** A pipeline of the REST API (the hook's {@code object_attributes} has the same names). */
    static Pipeline restPipeline(JsonNode p) {
        return new Pipeline(longOrNull(p, "id"), text(p, "ref"), text(p, "sha"), text(p, "status"), time(p, "created_at"),
                time(p, "finished_at"), time(p, "updated_at"));
    }

    /** A deployment of {@code GET /projects/:id/deployments}. */
    static DeployJob restDeployment(JsonNode d) {
        Instant finished = time(d, "deployable", "finished_at");
        return new DeployJob(longOrNull(d, "deployable", "id"), text(d, "status"), text(d, "environment", "name"),
                text(d, "environment", "tier"), "start", time(d, "deployable", "started_at"),
                finished != null ? finished : time(d, "updated_at"), text(d, "sha"), text(d, "ref"));
    }

    private static Long longOrNull(JsonNode n, String... path) {
        JsonNode v = at(n, path);
        return v != null && v.canConvertToLong() ? v.asLong() : null;
    }
}
