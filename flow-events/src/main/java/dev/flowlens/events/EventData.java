package dev.flowlens.events;

import java.time.Instant;
import java.util.List;

/**
 * The {@code data} of each canonical event type (EVENTS.md). Required fields are never null
 * once an event passed {@link EventValidator}; optional fields may be null, lists are never null.
 */
public sealed interface EventData {

    /** A work item was created or changed in its tool. */
    record WorkItemUpserted(String itemId, String key, String title, String itemType, String project, String team,
            String status, Instant createdAt, String url, List<String> labels, String parentId) implements EventData {
    }

    /** A work item moved from one status to another at {@code at}. */
    record WorkItemTransitioned(String itemId, String fromStatus, String toStatus, Instant at) implements EventData {
    }

    /** A work item was deleted in its tool; it leaves every value stream. */
    record WorkItemDeleted(String itemId) implements EventData {
    }

    /** A pull or merge request was opened. */
    record ChangeOpened(String changeId, String repository, String title, String author, Instant createdAt,
            List<String> workItemKeys) implements EventData {
    }

    /** A pull or merge request was merged. */
    record ChangeMerged(String changeId, String repository, String title, String author, Instant createdAt,
            Instant firstCommitAt, Instant mergedAt, String mergeCommitSha, List<String> workItemKeys)
            implements EventData {
    }

    /** A deployment of a service to an environment ended with {@code status} success or failure. */
    record DeploymentFinished(String deploymentId, String service, String environment, String status,
            Instant startedAt, Instant finishedAt, List<String> commitShas) implements EventData {

        /** Whether the deployment succeeded. */
        public boolean succeeded() {
            return "success".equals(status);
        }
    }

    /** An incident was opened, optionally naming the deployment that caused it. */
    record IncidentOpened(String incidentId, String service, String severity, Instant openedAt,
            String causedByDeploymentId) implements EventData {
    }

    /** An incident was resolved. */
    record IncidentResolved(String incidentId, String service, Instant openedAt, Instant resolvedAt,
            String causedByDeploymentId) implements EventData {
    }
}
