package dev.flowlens.ingest.connector.github;

import static dev.flowlens.ingest.connector.PayloadFields.at;
import static dev.flowlens.ingest.connector.PayloadFields.isTrue;
import static dev.flowlens.ingest.connector.PayloadFields.labels;
import static dev.flowlens.ingest.connector.PayloadFields.text;
import static dev.flowlens.ingest.connector.PayloadFields.time;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of GitHub webhook bodies and REST objects that Flowlens uses. The webhook's
 * {@code issue}/{@code pull_request}/{@code deployment} objects have the same shape as the REST
 * API's, so the webhook and the pull path read them with the same functions.
 */
final class GithubPayloads {

    private GithubPayloads() {
    }

    /** An issue ({@code issues} webhook, {@code GET /repos/{repo}/issues}). */
    record Issue(Long number, String title, String body, String state, Instant createdAt, Instant updatedAt,
            Instant closedAt, List<String> labels, String url, boolean isPullRequest) {
    }

    /** A pull request ({@code pull_request} webhook, {@code GET /repos/{repo}/pulls}). */
    record PullRequest(Long number, String title, String body, String author, String headRef, Instant createdAt,
            Instant mergedAt, String mergeCommitSha, Instant updatedAt, Instant closedAt) {
    }

    /**
     * A pull request review ({@code pull_request_review} webhook's {@code review}, an element of
     * {@code GET /repos/{repo}/pulls/{n}/reviews}); {@code state} lowercased (the REST API sends upper case).
     */
    record Review(Long id, String reviewer, String state, Instant submittedAt) {
    }

    /** A deployment and one of its statuses ({@code deployment_status} webhook); {@code ref}: the deployment's branch, tag or sha. */
    record DeploymentStatus(Long statusId, String state, Instant statusCreatedAt, Long deploymentId, String sha,
            String environment, Instant deploymentCreatedAt, boolean productionEnvironment, String ref) {
    }

    /**
     * A workflow run ({@code workflow_run} webhook's {@code workflow_run}, an element of
     * {@code GET /repos/{repo}/actions/runs}'s {@code workflow_runs}).
     *
     * @param workflowNames the names a deployment rule is matched against: the run's name, its
     *                      workflow's path and file name, and (webhook only) the workflow object's
     *                      name and path
     * @param attempt       {@code run_attempt}, 1 when absent (GitHub Enterprise before 3.4)
     */
    record WorkflowRun(Long id, long attempt, List<String> workflowNames, String headBranch, String headSha, String status,
            String conclusion, Instant createdAt, Instant startedAt, Instant updatedAt) {
    }

    /** The repository's {@code owner/name}, from the webhook's {@code repository} object. */
    static String repository(JsonNode payload) {
        return text(payload, "repository", "full_name");
    }

    static Issue issue(JsonNode i) {
        return new Issue(number(i), text(i, "title"), text(i, "body"), text(i, "state"), time(i, "created_at"),
                time(i, "updated_at"), time(i, "closed_at"), labels(at(i, "labels")), text(i, "html_url"),
                at(i, "pull_request") != null);
    }

    static PullRequest pullRequest(JsonNode p) {
        return new PullRequest(number(p), text(p, "title"), text(p, "body"), text(p, "user", "login"),
                text(p, "head", "ref"), time(p, "created_at"), time(p, "merged_at"), text(p, "merge_commit_sha"),
                time(p, "updated_at"), time(p, "closed_at"));
    }

    static Review review(JsonNode r) {
        String state = text(r, "state");
        return new Review(longOrNull(r, "id"), text(r, "user", "login"),
                state == null ? null : state.toLowerCase(java.util.Locale.ROOT), time(r, "submitted_at"));
    }

    static DeploymentStatus deploymentStatus(JsonNode payload) {
        JsonNode s = at(payload, "deployment_status");
        JsonNode d = at(payload, "deployment");
        String environment = text(d, "environment");
        return new DeploymentStatus(longOrNull(s, "id"), text(s, "state"), time(s, "created_at"), longOrNull(d, "id"),
                text(d, "sha"), environment != null ? environment : text(s, "environment"), time(d, "created_at"),
                isTrue(d, "production_environment"), text(d, "ref"));
    }

    /** A workflow run, and the webhook's {@code workflow} object when there is one (null for a REST run). */
    static WorkflowRun workflowRun(JsonNode run, JsonNode workflow) {
        List<String> names = new ArrayList<>();
        for (String n : new String[] {text(run, "name"), text(run, "path"), text(workflow, "name"), text(workflow, "path")}) {
            if (n != null && !n.isEmpty() && !names.contains(n)) {
                names.add(n);
            }
            // a path's file name: ".github/workflows/deploy.yml" -> "deploy.yml" (a dynamic path may end "@<ref>")
            if (n != null && n.contains("/")) {
                String file = n.substring(n.lastIndexOf('/') + 1);
                if (!file.isEmpty() && !names.contains(file)) {
                    names.add(file);
                }
            }
        }
        Long attempt = longOrNull(run, "run_attempt");
        return new WorkflowRun(longOrNull(run, "id"), attempt == null || attempt < 1 ? 1 : attempt, names, text(run, "head_branch"),
                text(run, "head_sha"), text(run, "status"), text(run, "conclusion"), time(run, "created_at"),
                time(run, "run_started_at"), time(run, "updated_at"));
    }

    private static Long number(JsonNode n) {
        return longOrNull(n, "number");
    }

    private static Long longOrNull(JsonNode n, String field) {
        JsonNode v = at(n, field);
        return v != null && v.canConvertToLong() ? v.asLong() : null;
    }
}
