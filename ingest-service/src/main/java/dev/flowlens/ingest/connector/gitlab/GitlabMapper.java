package dev.flowlens.ingest.connector.gitlab;

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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * GitLab issues, merge requests, deployments and production pipelines -> canonical events. Pure.
 *
 * <p>A production deployment can reach Flowlens three ways: a Deployment Hook, a Pipeline Hook
 * whose deploy job targets a production-tier environment, and the deployments API. All three name
 * the same deploy job, so the deployment id is built from the job id
 * ({@code gitlab:<project>:deploy-job:<job id>}) and the same deployment counts once, whichever
 * ways it arrives. A team that deploys from pipelines without GitLab environments names those
 * pipelines in {@code deploymentPipelines} instead: a Pipeline Hook and the pipelines API give the
 * same {@code gitlab:<project>:pipeline:<id>:<status>} event.
 */
public final class GitlabMapper implements ToolMapper {

    private final ConnectorSettings settings;

    public GitlabMapper(ConnectorSettings settings) {
        this.settings = settings;
    }

    @Override
    public Mapping mapWebhook(String eventKind, JsonNode payload) {
        String project = GitlabPayloads.project(payload);
        if (project == null) {
            return new Mapping();
        }
        // object_kind in the body, not the X-Gitlab-Event header, decides: group and system hooks
        // send the same bodies under other header values.
        return switch (payload.path("object_kind").asText("")) {
            case "issue" -> issue(project, GitlabPayloads.webhookIssue(payload));
            case "merge_request" -> {
                Mapping m = mergeRequest(project, GitlabPayloads.webhookMergeRequest(payload), true);
                m.addAll(approval(project, payload));
                yield m;
            }
            case "note" -> reviewNote(project, payload);
            case "deployment" -> deployJob(project, GitlabPayloads.webhookDeployment(payload));
            case "pipeline" -> {
                Mapping m = new Mapping();
                GitlabPayloads.pipelineDeployJobs(payload).forEach(j -> m.addAll(deployJob(project, j)));
                m.addAll(pipeline(project, GitlabPayloads.webhookPipeline(payload)));
                yield m;
            }
            // push, tag_push, note, build, release, ...: kept raw, no canonical fact (docs/connectors.md).
            default -> new Mapping();
        };
    }

    /** One issue of {@code GET /projects/:id/issues}. */
    public Mapping restIssue(JsonNode issue) {
        String project = GitlabPayloads.projectOfReference(issue);
        return project == null ? new Mapping().skip("issue without references.full") : issue(project, GitlabPayloads.restIssue(issue));
    }

    /**
     * One issue of {@code GET /projects/:id/issues} with its {@code resource_state_events}: each
     * close and reopen becomes a transition at its own time, so an issue closed, reopened and closed
     * again shows all three. The latest close is dated by the issue's {@code closed_at}, as the
     * webhook and the plain REST issue date it, so that close has one id whichever way it arrives.
     * Without state events (GitLab before 13.2 kept none) this is {@link #restIssue(JsonNode)}.
     */
    public Mapping restIssue(JsonNode issue, JsonNode stateEvents) {
        String project = GitlabPayloads.projectOfReference(issue);
        if (project == null) {
            return new Mapping().skip("issue without references.full");
        }
        GitlabPayloads.Issue i = GitlabPayloads.restIssue(issue);
        List<GitlabPayloads.StateEvent> events = GitlabPayloads.stateEvents(stateEvents);
        boolean anyChange = events.stream().anyMatch(e -> "closed".equals(e.state()) || "reopened".equals(e.state()));
        if (!anyChange || i.iid() == null) {
            return issue(project, i);
        }
        // the upsert and incident events as always; the transitions from the state events instead of closed_at
        Mapping m = issue(project, new GitlabPayloads.Issue(i.iid(), i.title(), i.description(), i.state(), i.action(),
                i.createdAt(), i.updatedAt(), null, i.labels(), i.url(), i.issueType()), i.closedAt());
        String itemId = "gitlab:" + project + "#" + i.iid();
        String subject = project + "#" + i.iid();
        int lastClose = -1;
        for (int n = 0; n < events.size(); n++) {
            if ("closed".equals(events.get(n).state())) {
                lastClose = n;
            }
        }
        boolean closed = false;
        for (int n = 0; n < events.size(); n++) {
            GitlabPayloads.StateEvent e = events.get(n);
            if (e.at() == null) {
                m.skip(itemId + ": state event " + e.id() + " without created_at");
                continue;
            }
            if ("closed".equals(e.state())) {
                Instant at = n == lastClose && "closed".equals(i.state()) && i.closedAt() != null ? i.closedAt() : e.at();
                m.add(new FlowEvent(itemId + ":closed:" + at, source(project), EventType.WORKITEM_TRANSITIONED, at, subject,
                        new EventData.WorkItemTransitioned(itemId, "opened", "closed", at)));
                closed = true;
            } else if ("reopened".equals(e.state()) || ("opened".equals(e.state()) && closed)) {
                m.add(new FlowEvent(itemId + ":reopened:" + e.at(), source(project), EventType.WORKITEM_TRANSITIONED, e.at(),
                        subject, new EventData.WorkItemTransitioned(itemId, "closed", "opened", e.at())));
                closed = false;
            }
        }
        return m;
    }

    /**
     * A pulled object: {@code issues:<project>} an issue with its state events
     * ({@code {"issue", "resource_state_events"}}), {@code merge_requests:<project>} a merge request,
     * {@code deployments:<project>} a deployment, {@code pipelines:<project>} a pipeline (as
     * {@code GET /pipelines/:id} answers it when the pull read that, else as listed).
     */
    @Override
    public Mapping mapPulled(String resource, JsonNode body, Map<String, String> metadata) {
        String project = Pulled.scopeOf(resource);
        if (project == null) {
            return new Mapping().skip("pulled row without a project in its resource '" + resource + "'");
        }
        return switch (Pulled.kindOf(resource)) {
            case "issues" -> body.has("issue") ? restIssue(body.get("issue"), body.get("resource_state_events")) : restIssue(body);
            case "merge_requests" -> body.has("merge_request")
                    ? restMergeRequest(body.get("merge_request"), body.get("notes")) : restMergeRequest(body);
            case "deployments" -> restDeployment(project, body);
            case "pipelines" -> restPipeline(project, body);
            default -> new Mapping().skip("no GitLab pull resource '" + resource + "'");
        };
    }

    /**
     * One merge request as the pull stores it, with its notes ({@code GET /merge_requests/:iid/notes}): the merge
     * request's events, a {@code commented} review per note by a person, and an {@code approved} review per user
     * from the first "approved this merge request" system note of that user (dated at the note; the same review id
     * as the approval hook's). An "unapproved" note takes nothing back: the approval was given.
     */
    public Mapping restMergeRequest(JsonNode mr, JsonNode notes) {
        Mapping m = restMergeRequest(mr);
        String project = GitlabPayloads.projectOfReference(mr);
        if (project == null || !mr.hasNonNull("iid") || notes == null || !notes.isArray()) {
            return m;
        }
        String changeId = "gitlab:" + project + "!" + mr.get("iid").asLong();
        String subject = project + "!" + mr.get("iid").asLong();
        java.util.Map<String, Instant> approvals = new java.util.TreeMap<>();
        for (JsonNode n : notes) {
            String user = n.path("author").path("username").asText(null);
            Instant at = ToolTime.parse(n.path("created_at").asText(null));
            if (user == null || at == null || !n.hasNonNull("id")) {
                continue;
            }
            if (!n.path("system").asBoolean(false)) {
                String reviewId = changeId + ":note:" + n.get("id").asText();
                m.add(new FlowEvent(reviewId, source(project), EventType.CHANGE_REVIEWED, at, subject,
                        new EventData.ChangeReviewed(reviewId, changeId, project, user, ReviewState.COMMENTED, at)));
            } else if ("approved this merge request".equals(n.path("body").asText(""))) {
                approvals.merge(user, at, (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        approvals.forEach((user, at) -> {
            String reviewId = changeId + ":approval:" + user;
            m.add(new FlowEvent(reviewId, source(project), EventType.CHANGE_REVIEWED, at, subject,
                    new EventData.ChangeReviewed(reviewId, changeId, project, user, ReviewState.APPROVED, at)));
        });
        return m;
    }

    /** One merge request of {@code GET /projects/:id/merge_requests}. */
    public Mapping restMergeRequest(JsonNode mr) {
        String project = GitlabPayloads.projectOfReference(mr);
        return project == null ? new Mapping().skip("merge request without references.full")
                : mergeRequest(project, GitlabPayloads.restMergeRequest(mr), false);
    }

    /** One deployment of {@code GET /projects/:id/deployments} of {@code project} (its path). */
    public Mapping restDeployment(String project, JsonNode deployment) {
        return deployJob(project, GitlabPayloads.restDeployment(deployment));
    }

    /** One pipeline of {@code GET /projects/:id/pipelines} or {@code /pipelines/:id} of {@code project} (its path). */
    public Mapping restPipeline(String project, JsonNode pipeline) {
        return pipeline(project, GitlabPayloads.restPipeline(pipeline));
    }

    /**
     * Whether the pull should read a listed pipeline in full ({@code GET /pipelines/:id}) for its
     * {@code finished_at}: a finished pipeline that a {@code deploymentPipelines} rule names.
     */
    public boolean isFinishedDeploymentPipeline(JsonNode listed) {
        GitlabPayloads.Pipeline p = GitlabPayloads.restPipeline(listed);
        return pipelineStatus(p.status()) != null && settings.deploymentPipelineEnvironment(p.ref()).isPresent();
    }

    private static DeploymentStatus pipelineStatus(String status) {
        return switch (status == null ? "" : status.toLowerCase(Locale.ROOT)) {
            case "success" -> DeploymentStatus.SUCCESS;
            case "failed" -> DeploymentStatus.FAILURE;
            // created, waiting_for_resource, preparing, pending, running, manual, scheduled: not
            // finished; canceled and skipped deployed nothing (as a canceled deploy job)
            default -> null;
        };
    }

    /**
     * A pipeline that a {@code deploymentPipelines} rule names (by ref), finished: a
     * {@code deployment.finished} of its sha to the rule's environment (which must count as
     * production), started at its {@code created_at}, finished at its {@code finished_at} (a listed
     * pipeline without one: its {@code updated_at}). Both times are whole seconds, the Pipeline
     * Hook's precision, so that a pipeline status delivered by the hook and read by the pull is the
     * same event, byte for byte: {@code gitlab:<project>:pipeline:<id>:<status>}. A retried
     * pipeline keeps its id: its later status is a later fact of the same deployment.
     */
    private Mapping pipeline(String project, GitlabPayloads.Pipeline p) {
        Mapping m = new Mapping();
        DeploymentStatus status = pipelineStatus(p.status());
        if (status == null || p.id() == null) {
            return m;
        }
        var environment = settings.deploymentPipelineEnvironment(p.ref());
        if (environment.isEmpty()) {
            return m; // not a deployment pipeline (the default: none is)
        }
        String env = environment.get();
        String deploymentId = "gitlab:" + project + ":pipeline:" + p.id();
        if (!settings.isProduction(env, null, false)) {
            return m.skip(deploymentId + " deployed to '" + env + "', not a production environment " + settings.productionEnvironments());
        }
        Instant finished = p.finishedAt() != null ? p.finishedAt() : p.updatedAt();
        if (finished == null || p.sha() == null) {
            return m.skip(deploymentId + " has no finish time or sha");
        }
        finished = finished.truncatedTo(ChronoUnit.SECONDS);
        Instant started = p.createdAt() == null ? null : p.createdAt().truncatedTo(ChronoUnit.SECONDS);
        return m.add(new FlowEvent(deploymentId + ":" + status.wireName(), source(project), EventType.DEPLOYMENT_FINISHED, finished,
                project + "@" + env, new EventData.DeploymentFinished(deploymentId, project, env, status, started, finished,
                        List.of(p.sha()), null, settings.hotfix(p.ref()))));
    }

    private Mapping issue(String project, GitlabPayloads.Issue i) {
        return issue(project, i, i.closedAt());
    }

    /** @param resolvedAt when an incident was resolved (the issue's closed_at, also when i carries none to transition on) */
    private Mapping issue(String project, GitlabPayloads.Issue i, Instant resolvedAt) {
        Mapping m = new Mapping();
        if (i.iid() == null) {
            return m.skip("issue without an iid in " + project);
        }
        String itemId = "gitlab:" + project + "#" + i.iid();
        String subject = project + "#" + i.iid();
        String source = source(project);
        Instant version = i.updatedAt() != null ? i.updatedAt() : i.createdAt();
        if (version == null) {
            return m.skip(itemId + ": no updated_at or created_at");
        }
        List<String> typeNames = new ArrayList<>(i.labels());
        if (i.issueType() != null) {
            typeNames.add(i.issueType());
        }
        m.add(new FlowEvent(itemId + ":upserted:" + version, source, EventType.WORKITEM_UPSERTED, version, subject,
                new EventData.WorkItemUpserted(itemId, subject, i.title(), settings.itemType(typeNames), project, null,
                        i.state(), i.createdAt(), i.url(), i.labels(), null)));
        if (i.closedAt() != null) {
            m.add(new FlowEvent(itemId + ":closed:" + i.closedAt(), source, EventType.WORKITEM_TRANSITIONED, i.closedAt(),
                    subject, new EventData.WorkItemTransitioned(itemId, "opened", "closed", i.closedAt())));
        }
        if ("reopen".equals(i.action()) && i.updatedAt() != null) {
            m.add(new FlowEvent(itemId + ":reopened:" + i.updatedAt(), source, EventType.WORKITEM_TRANSITIONED,
                    i.updatedAt(), subject, new EventData.WorkItemTransitioned(itemId, "closed", "opened", i.updatedAt())));
        }
        if (settings.isIncident(typeNames) && i.createdAt() != null) {
            String cause = settings.causeReference(i.title(), i.description()).map(ref -> ref.contains(":") ? ref
                    : ref.chars().allMatch(Character::isDigit) ? deploymentId(project, Long.parseLong(ref)) : null).orElse(null);
            m.add(new FlowEvent(itemId + ":incident:opened", source, EventType.INCIDENT_OPENED, i.createdAt(), subject,
                    new EventData.IncidentOpened(itemId, project, null, i.createdAt(), cause, null, null)));
            if ("closed".equals(i.state()) && resolvedAt != null) {
                m.add(new FlowEvent(itemId + ":incident:resolved:" + resolvedAt, source, EventType.INCIDENT_RESOLVED,
                        resolvedAt, subject, new EventData.IncidentResolved(itemId, project, i.createdAt(), resolvedAt, cause, null, null)));
            }
        }
        return m;
    }

    private Mapping mergeRequest(String project, GitlabPayloads.MergeRequest r, boolean webhook) {
        Mapping m = new Mapping();
        if (r.iid() == null) {
            return m.skip("merge request without an iid in " + project);
        }
        String changeId = "gitlab:" + project + "!" + r.iid();
        String subject = project + "!" + r.iid();
        if (r.createdAt() == null) {
            return m.skip(changeId + ": no created_at");
        }
        List<String> keys = settings.workItemKeys(r.title(), r.sourceBranch(), r.description());
        m.add(new FlowEvent(changeId + ":opened", source(project), EventType.CHANGE_OPENED, r.createdAt(), subject,
                new EventData.ChangeOpened(changeId, project, r.title(), r.author(), r.createdAt(), keys, null)));
        Instant mergedAt = r.mergedAt();
        if (mergedAt == null && webhook && "merge".equals(r.action())) {
            // Older GitLab sends no merged_at; the delivery of the "merge" action is stamped with the merge.
            mergedAt = r.updatedAt();
        }
        boolean merged = "merged".equals(r.state()) || (webhook && "merge".equals(r.action()));
        if (merged && mergedAt == null) {
            m.skip(changeId + ": merged, but no merge time in this payload");
        } else if (merged) {
            m.add(new FlowEvent(changeId + ":merged", source(project), EventType.CHANGE_MERGED, mergedAt, subject,
                    new EventData.ChangeMerged(changeId, project, r.title(), r.author(), r.createdAt(), null, mergedAt,
                            r.mergeCommitSha(), keys, null)));
        }
        return m;
    }

    /**
     * A merge request approval ({@code merge_request} webhook, action {@code approval} or {@code approved}, the
     * approver in {@code user}): {@code change.reviewed}, state approved, at the merge request's
     * {@code updated_at} (the approval's update). GitLab gives an approval no id: a user approves a merge request
     * once, so the review id is {@code gitlab:<project>!<iid>:approval:<username>}, the event id the same (both
     * actions of one approval are one event; a later re-approval, later in time, wins).
     */
    Mapping approval(String project, JsonNode payload) {
        Mapping m = new Mapping();
        String action = payload.path("object_attributes").path("action").asText("");
        if (!action.equals("approval") && !action.equals("approved")) {
            return m;
        }
        GitlabPayloads.MergeRequest r = GitlabPayloads.webhookMergeRequest(payload);
        String user = payload.path("user").path("username").asText(null);
        if (r.iid() == null || user == null || r.updatedAt() == null) {
            return m.skip("approval in " + project + " without an iid, user or updated_at");
        }
        String changeId = "gitlab:" + project + "!" + r.iid();
        String reviewId = changeId + ":approval:" + user;
        return m.add(new FlowEvent(reviewId, source(project), EventType.CHANGE_REVIEWED, r.updatedAt(),
                project + "!" + r.iid(), new EventData.ChangeReviewed(reviewId, changeId, project, user,
                        ReviewState.APPROVED, r.updatedAt())));
    }

    /**
     * A review note: a {@code note} webhook on a merge request written by a person (not a system note such as
     * "approved this merge request"): {@code change.reviewed}, state commented, review id
     * {@code gitlab:<project>!<iid>:note:<note id>}, at the note's {@code created_at}.
     */
    Mapping reviewNote(String project, JsonNode payload) {
        Mapping m = new Mapping();
        JsonNode a = payload.path("object_attributes");
        if (!"MergeRequest".equals(a.path("noteable_type").asText("")) || a.path("system").asBoolean(false)) {
            return m;
        }
        long iid = payload.path("merge_request").path("iid").asLong(-1);
        String user = payload.path("user").path("username").asText(null);
        Instant at = ToolTime.parse(a.path("created_at").asText(null));
        if (iid < 0 || !a.hasNonNull("id") || user == null || at == null) {
            return m.skip("merge request note in " + project + " without an iid, id, user or created_at");
        }
        String changeId = "gitlab:" + project + "!" + iid;
        String reviewId = changeId + ":note:" + a.get("id").asText();
        return m.add(new FlowEvent(reviewId, source(project), EventType.CHANGE_REVIEWED, at, project + "!" + iid,
                new EventData.ChangeReviewed(reviewId, changeId, project, user, ReviewState.COMMENTED, at)));
    }

    private Mapping deployJob(String project, GitlabPayloads.DeployJob j) {
        Mapping m = new Mapping();
        String state = j.status() == null ? "" : j.status().toLowerCase(Locale.ROOT);
        DeploymentStatus status = switch (state) {
            case "success", "completed" -> DeploymentStatus.SUCCESS;
            case "failed" -> DeploymentStatus.FAILURE;
            // created, running, pending, blocked, skipped, manual: not finished. A canceled deploy
            // neither shipped nor failed a change, so it is no deployment either.
            default -> null;
        };
        if (status == null || j.jobId() == null) {
            return m;
        }
        if (j.action() != null && !"start".equals(j.action())) {
            return m; // "stop"/"prepare"/"access" jobs do not ship code
        }
        if (!settings.isProduction(j.environment(), j.tier(), false)) {
            return m.skip("deploy job " + j.jobId() + " of " + project + " went to '" + j.environment() + "' (tier "
                    + j.tier() + "), not production " + settings.productionEnvironments() + "/" + settings.productionTiers());
        }
        if (j.finishedAt() == null || j.sha() == null) {
            return m.skip("deploy job " + j.jobId() + " of " + project + " has no finish time or sha");
        }
        String deploymentId = deploymentId(project, j.jobId());
        return m.add(new FlowEvent(deploymentId + ":" + status.wireName(), source(project), EventType.DEPLOYMENT_FINISHED,
                j.finishedAt(), project + "@" + j.environment(), new EventData.DeploymentFinished(deploymentId, project,
                        j.environment(), status, j.startedAt(), j.finishedAt(), List.of(j.sha()), null, settings.hotfix(j.ref()))));
    }

    private static String deploymentId(String project, long jobId) {
        return "gitlab:" + project + ":deploy-job:" + jobId;
    }

    private static String source(String project) {
        return "gitlab/" + project;
    }
}
