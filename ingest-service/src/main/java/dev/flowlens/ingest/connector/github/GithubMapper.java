package dev.flowlens.ingest.connector.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowlens.events.DeploymentStatus;
import dev.flowlens.events.EventData;
import dev.flowlens.events.EventType;
import dev.flowlens.events.FlowEvent;
import dev.flowlens.events.ReviewState;
import dev.flowlens.ingest.connector.ConnectorSettings;
import dev.flowlens.ingest.connector.Mapping;
import dev.flowlens.ingest.connector.Pulled;
import dev.flowlens.ingest.connector.ToolMapper;
import dev.flowlens.ingest.connector.ToolTime;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * GitHub issues, pull requests, deployment statuses and deployment workflow runs -> canonical events. Pure.
 *
 * <p>Ids are built from the fact, never from the delivery, so a redelivery, a replay and the pull
 * of the same object give the same ids: {@code github:<repo>#<n>:opened}, {@code :merged},
 * {@code :closed:<closed_at>}, {@code :upserted:<updated_at>},
 * {@code github:<repo>:deployment-status:<status id>},
 * {@code github:<repo>:workflow-run:<run id>:<attempt>:<status>}. The mapping reads the object's state, not
 * the action, wherever it can, so that a webhook and a pull of the same object agree.
 */
public final class GithubMapper implements ToolMapper {

    private final ConnectorSettings settings;

    public GithubMapper(ConnectorSettings settings) {
        this.settings = settings;
    }

    @Override
    public Mapping mapWebhook(String eventKind, JsonNode payload) {
        String repo = GithubPayloads.repository(payload);
        if (eventKind == null || repo == null) {
            return new Mapping();
        }
        String action = payload.path("action").asText("");
        return switch (eventKind) {
            case "issues" -> issueEvent(repo, action, payload.get("issue"));
            case "pull_request" -> payload.hasNonNull("pull_request")
                    ? pullRequest(repo, payload.get("pull_request"), null, action.equals("ready_for_review"))
                    : new Mapping();
            case "pull_request_review" -> payload.hasNonNull("pull_request") && payload.hasNonNull("review")
                    ? review(repo, GithubPayloads.pullRequest(payload.get("pull_request")).number(),
                            payload.get("review"))
                    : new Mapping();
            case "deployment_status" -> deploymentStatus(repo, GithubPayloads.deploymentStatus(payload));
            case "workflow_run" -> payload.hasNonNull("workflow_run")
                    ? workflowRun(repo, payload.get("workflow_run"), payload.get("workflow")) : new Mapping();
            // push, workflow_job, check_*, release, ping, ...: kept raw, no canonical fact (docs/connectors.md).
            default -> new Mapping();
        };
    }

    /** Header of a pulled review: the number of its pull request ({@code /pulls/{n}/reviews}). */
    static final String PULL_NUMBER = "x-flowlens-pull-number";

    /** Header of a pulled pull request: the author time of its first commit, read from {@code /pulls/{n}/commits}. */
    static final String FIRST_COMMIT_AT = "x-flowlens-first-commit-at";

    /**
     * A pulled object: {@code issues:<repo>} an issue, {@code pulls:<repo>} a pull request (with
     * {@link #FIRST_COMMIT_AT} when known), {@code deployments:<repo>} a
     * {@code {"deployment", "statuses"}} pair ({@link GithubRest}), {@code workflow_runs:<repo>} a
     * workflow run as {@code GET /actions/runs} lists it.
     */
    @Override
    public Mapping mapPulled(String resource, JsonNode body, Map<String, String> metadata) {
        String repo = Pulled.scopeOf(resource);
        if (repo == null) {
            return new Mapping().skip("pulled row without a repository in its resource '" + resource + "'");
        }
        return switch (Pulled.kindOf(resource)) {
            case "issues" -> issue(repo, body);
            case "pulls" -> pullRequest(repo, body, ToolTime.parse(metadata.get(FIRST_COMMIT_AT)));
            case "reviews" -> review(repo, parseLong(metadata.get(PULL_NUMBER)), body);
            case "deployments" -> GithubRest.deployment(this, repo, body.path("deployment"), body.path("statuses"));
            case "workflow_runs" -> workflowRun(repo, body, null);
            default -> new Mapping().skip("no GitHub pull resource '" + resource + "'");
        };
    }

    /**
     * One issue as the REST API lists it ({@code GET /repos/{repo}/issues?state=all}): its upsert,
     * its close and, for an incident, its incident events. Pull requests in that list are skipped:
     * they are mapped from {@code /pulls}.
     */
    public Mapping issue(String repo, JsonNode issue) {
        return issueEvent(repo, "", issue);
    }

    /**
     * One pull request: {@code change.opened}, and {@code change.merged} once merged.
     *
     * @param firstCommitAt the earliest author time of its commits, when known (the pull path reads
     *                      {@code /pulls/{n}/commits}; webhook bodies do not carry commit times)
     */
    public Mapping pullRequest(String repo, JsonNode pr, Instant firstCommitAt) {
        return pullRequest(repo, pr, firstCommitAt, false);
    }

    /**
     * As {@link #pullRequest(String, JsonNode, Instant)}; a {@code ready_for_review} webhook also gives a
     * {@code change.opened} dated at the pull request's {@code updated_at} (the update that marked the draft ready)
     * with that instant as {@code readyForReviewAt}: a later event than the creation's, so it outranks it, and
     * with its own id, so that a later mapping of the creation never clears it. A pull request closed without
     * merging gives {@code change.closed}.
     */
    Mapping pullRequest(String repo, JsonNode pr, Instant firstCommitAt, boolean readyForReview) {
        GithubPayloads.PullRequest p = GithubPayloads.pullRequest(pr);
        Mapping m = new Mapping();
        if (p.number() == null) {
            return m.skip("pull request without a number in " + repo);
        }
        String changeId = itemId(repo, p.number());
        List<String> keys = settings.workItemKeys(p.title(), p.headRef(), p.body());
        if (p.createdAt() == null) {
            return m.skip(changeId + ": no created_at");
        }
        m.add(new FlowEvent(changeId + ":opened", source(repo), EventType.CHANGE_OPENED, p.createdAt(), subject(repo, p.number()),
                new EventData.ChangeOpened(changeId, repo, p.title(), p.author(), p.createdAt(), keys, null)));
        // The list API has no "merged" flag; merged_at is set exactly when the pull request was merged.
        if (p.mergedAt() != null) {
            m.add(new FlowEvent(changeId + ":merged", source(repo), EventType.CHANGE_MERGED, p.mergedAt(),
                    subject(repo, p.number()), new EventData.ChangeMerged(changeId, repo, p.title(), p.author(),
                            p.createdAt(), firstCommitAt, p.mergedAt(), p.mergeCommitSha(), keys, null)));
        } else if (p.closedAt() != null) {
            m.add(new FlowEvent(changeId + ":closed:" + p.closedAt(), source(repo), EventType.CHANGE_CLOSED,
                    p.closedAt(), subject(repo, p.number()), new EventData.ChangeClosed(changeId, repo, p.closedAt())));
        }
        if (readyForReview && p.updatedAt() != null) {
            m.add(new FlowEvent(changeId + ":ready:" + p.updatedAt(), source(repo), EventType.CHANGE_OPENED,
                    p.updatedAt(), subject(repo, p.number()), new EventData.ChangeOpened(changeId, repo, p.title(),
                            p.author(), p.createdAt(), keys, p.updatedAt())));
        }
        return m;
    }

    /**
     * One submitted review of pull request {@code number} ({@code pull_request_review} webhook, or an element of
     * {@code GET /pulls/{n}/reviews}): {@code change.reviewed}, id {@code github:<repo>#<n>:review:<review id>}, the
     * event id the same, so a redelivery, a pull and an edit of the review are one event. A pending review (not
     * submitted) is none. A dismissed review was still given at its submitted_at, but its verdict no longer
     * stands: it is {@code commented} (the rules count a review in any state).
     */
    public Mapping review(String repo, Long number, JsonNode reviewNode) {
        Mapping m = new Mapping();
        if (number == null) {
            return m.skip("review without its pull request's number in " + repo);
        }
        GithubPayloads.Review r = GithubPayloads.review(reviewNode);
        String changeId = itemId(repo, number);
        if (r.id() == null || r.submittedAt() == null || "pending".equals(r.state())) {
            return m.skip(changeId + ": review without an id or not submitted");
        }
        if (r.reviewer() == null) {
            return m.skip(changeId + ": review " + r.id() + " without a reviewer");
        }
        ReviewState state = switch (r.state() == null ? "" : r.state()) {
            case "approved" -> ReviewState.APPROVED;
            case "changes_requested" -> ReviewState.CHANGES_REQUESTED;
            default -> ReviewState.COMMENTED; // commented, dismissed
        };
        String reviewId = changeId + ":review:" + r.id();
        return m.add(new FlowEvent(reviewId, source(repo), EventType.CHANGE_REVIEWED, r.submittedAt(),
                subject(repo, number), new EventData.ChangeReviewed(reviewId, changeId, repo, r.reviewer(), state,
                        r.submittedAt())));
    }

    private static Long parseLong(String s) {
        try {
            return s == null ? null : Long.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Mapping issueEvent(String repo, String action, JsonNode issueNode) {
        Mapping m = new Mapping();
        if (issueNode == null || !issueNode.isObject()) {
            return m.skip("issues event without an issue");
        }
        GithubPayloads.Issue i = GithubPayloads.issue(issueNode);
        if (i.number() == null) {
            return m.skip("issue without a number in " + repo);
        }
        String itemId = itemId(repo, i.number());
        if (i.isPullRequest()) {
            return m.skip(itemId + " is a pull request: mapped from its pull_request events");
        }
        String source = source(repo);
        String subject = subject(repo, i.number());
        if (action.equals("deleted") || action.equals("transferred")) {
            // A transferred issue leaves this repository; the target repository's "opened" brings it back.
            if (i.updatedAt() == null) {
                return m.skip(itemId + ": deleted, but the payload has no updated_at to date it");
            }
            return m.add(new FlowEvent(itemId + ":deleted", source, EventType.WORKITEM_DELETED, i.updatedAt(), subject,
                    new EventData.WorkItemDeleted(itemId)));
        }
        Instant version = i.updatedAt() != null ? i.updatedAt() : i.createdAt();
        if (version == null) {
            return m.skip(itemId + ": no updated_at or created_at");
        }
        m.add(new FlowEvent(itemId + ":upserted:" + version, source, EventType.WORKITEM_UPSERTED, version, subject,
                new EventData.WorkItemUpserted(itemId, subject, i.title(), settings.itemType(i.labels()), repo, null,
                        i.state(), i.createdAt(), i.url(), i.labels(), null)));
        if (i.closedAt() != null) {
            m.add(new FlowEvent(itemId + ":closed:" + i.closedAt(), source, EventType.WORKITEM_TRANSITIONED, i.closedAt(),
                    subject, new EventData.WorkItemTransitioned(itemId, "open", "closed", i.closedAt())));
        }
        if (action.equals("reopened") && i.updatedAt() != null) {
            m.add(new FlowEvent(itemId + ":reopened:" + i.updatedAt(), source, EventType.WORKITEM_TRANSITIONED,
                    i.updatedAt(), subject, new EventData.WorkItemTransitioned(itemId, "closed", "open", i.updatedAt())));
        }
        if (settings.isIncident(i.labels()) && i.createdAt() != null) {
            String cause = cause(repo, i.title(), i.body());
            m.add(new FlowEvent(itemId + ":incident:opened", source, EventType.INCIDENT_OPENED, i.createdAt(), subject,
                    new EventData.IncidentOpened(itemId, repo, null, i.createdAt(), cause, null, null)));
            if ("closed".equals(i.state()) && i.closedAt() != null) {
                m.add(new FlowEvent(itemId + ":incident:resolved:" + i.closedAt(), source, EventType.INCIDENT_RESOLVED,
                        i.closedAt(), subject, new EventData.IncidentResolved(itemId, repo, i.createdAt(), i.closedAt(), cause, null, null)));
            }
        }
        return m;
    }

    private Mapping deploymentStatus(String repo, GithubPayloads.DeploymentStatus d) {
        Mapping m = new Mapping();
        String state = d.state() == null ? "" : d.state().toLowerCase(Locale.ROOT);
        DeploymentStatus status = switch (state) {
            case "success" -> DeploymentStatus.SUCCESS;
            case "failure", "error" -> DeploymentStatus.FAILURE;
            default -> null; // pending, queued, in_progress, inactive: not finished
        };
        if (status == null || d.statusId() == null || d.deploymentId() == null) {
            return m;
        }
        if (!settings.isProduction(d.environment(), null, d.productionEnvironment())) {
            return m.skip("deployment " + d.deploymentId() + " of " + repo + " went to '" + d.environment()
                    + "', not a production environment " + settings.productionEnvironments());
        }
        if (d.sha() == null || d.statusCreatedAt() == null) {
            return m.skip("deployment " + d.deploymentId() + " of " + repo + " has no sha or status time");
        }
        return m.add(new FlowEvent("github:" + repo + ":deployment-status:" + d.statusId(), source(repo),
                EventType.DEPLOYMENT_FINISHED, d.statusCreatedAt(),
                repo + "@" + d.environment(), new EventData.DeploymentFinished("github:" + repo + ":deployment:" + d.deploymentId(),
                        repo, d.environment(), status, d.deploymentCreatedAt(), d.statusCreatedAt(), List.of(d.sha()), null,
                        settings.hotfix(d.ref()))));
    }

    /**
     * A workflow run ({@code workflow_run} webhook or {@code GET /actions/runs}): a completed run of
     * a workflow that a {@code deploymentWorkflows} rule names is a {@code deployment.finished} of
     * its head sha, to the rule's environment (which must count as production). Conclusion
     * {@code success} is a success; {@code failure} and {@code timed_out} a failure; a run
     * cancelled, skipped, neutral, stale, waiting for action or never started (startup_failure)
     * deployed nothing. Each attempt of a run is its own deployment
     * ({@code github:<repo>:workflow-run:<run id>:<attempt>}), as a re-run deploys again; the
     * webhook and the pull read the same fields, so the same attempt gets the same event either way.
     *
     * @param workflow the webhook's {@code workflow} object, null for a REST run
     */
    public Mapping workflowRun(String repo, JsonNode run, JsonNode workflow) {
        Mapping m = new Mapping();
        GithubPayloads.WorkflowRun r = GithubPayloads.workflowRun(run, workflow);
        if (r.id() == null || !"completed".equalsIgnoreCase(r.status())) {
            return m;
        }
        String conclusion = r.conclusion() == null ? "" : r.conclusion().toLowerCase(Locale.ROOT);
        DeploymentStatus status = switch (conclusion) {
            case "success" -> DeploymentStatus.SUCCESS;
            case "failure", "timed_out" -> DeploymentStatus.FAILURE;
            default -> null; // cancelled, skipped, neutral, stale, action_required, startup_failure
        };
        if (status == null) {
            return m;
        }
        var environment = settings.deploymentWorkflowEnvironment(r.workflowNames(), r.headBranch());
        if (environment.isEmpty()) {
            return m; // not a deployment workflow (the default: none is)
        }
        String env = environment.get();
        String deploymentId = "github:" + repo + ":workflow-run:" + r.id() + ":" + r.attempt();
        if (!settings.isProduction(env, null, false)) {
            return m.skip(deploymentId + " deployed to '" + env + "', not a production environment " + settings.productionEnvironments());
        }
        if (r.headSha() == null || r.updatedAt() == null) {
            return m.skip(deploymentId + " has no head_sha or updated_at");
        }
        // a completed run's updated_at is its completion; run_started_at is this attempt's start
        Instant started = r.startedAt() != null ? r.startedAt() : r.createdAt();
        return m.add(new FlowEvent(deploymentId + ":" + status.wireName(), source(repo), EventType.DEPLOYMENT_FINISHED, r.updatedAt(),
                repo + "@" + env, new EventData.DeploymentFinished(deploymentId, repo, env, status, started, r.updatedAt(),
                        List.of(r.headSha()), null, settings.hotfix(r.headBranch()))));
    }

    /** The deployment an incident names: a canonical id verbatim, a number as this repository's deployment. */
    private String cause(String repo, String... texts) {
        return settings.causeReference(texts).map(ref -> ref.contains(":") ? ref
                : ref.chars().allMatch(Character::isDigit) ? "github:" + repo + ":deployment:" + ref : null).orElse(null);
    }

    private static String itemId(String repo, long number) {
        return "github:" + repo + "#" + number;
    }

    private static String subject(String repo, long number) {
        return repo + "#" + number;
    }

    private static String source(String repo) {
        return "github/" + repo;
    }
}
