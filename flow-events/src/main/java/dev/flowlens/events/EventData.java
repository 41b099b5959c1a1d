package dev.flowlens.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.util.List;

/**
 * The {@code data} of each canonical event type (docs/events.md), declared once: each record's components are the
 * type's fields, in the order they are written, under their JSON names. What a field's Java type and annotations say
 * is the whole contract ({@link EventSchema} derives the validation, the codec and the description from it):
 * <ul>
 *   <li>{@link String}: a string of at most {@value EventValidator#MAX_STRING_LENGTH} characters;</li>
 *   <li>{@link Instant}: an RFC 3339 time with an offset, in [1970, 2200);</li>
 *   <li>{@code List<String>}: an array of such strings, never null here (absent is empty);</li>
 *   <li>a {@link WireValue} enum ({@link ItemType}, {@link DeploymentStatus}, {@link ReviewState}): one of its
 *   words;</li>
 *   <li>{@link Boolean}: a JSON {@code true} or {@code false};</li>
 *   <li>{@link Required}: present and not null, and a required string is not blank; other fields may be null;</li>
 *   <li>{@link WebUrl}: a string that is an absolute http(s) URL.</li>
 * </ul>
 * Required fields are never null once an event passed {@link EventValidator}.
 */
public sealed interface EventData {

    /** A required field of the type's data. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    @interface Required {
    }

    /** A string field holding a link a dashboard may open: an absolute http or https URL. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    @interface WebUrl {
    }

    /** A work item was created or changed in its tool. */
    record WorkItemUpserted(@Required String itemId, @Required String key, String title,
            @Required ItemType itemType, @Required String project, String team, @Required String status,
            @Required Instant createdAt, @WebUrl String url, List<String> labels, String parentId)
            implements EventData {
    }

    /** A work item moved from one status to another at {@code at}. */
    record WorkItemTransitioned(@Required String itemId, String fromStatus, @Required String toStatus,
            @Required Instant at) implements EventData {
    }

    /** A work item was deleted in its tool; it leaves every value stream. */
    record WorkItemDeleted(@Required String itemId) implements EventData {
    }

    /**
     * A pull or merge request was opened. {@code readyForReviewAt}: when a draft was marked ready for review (absent:
     * {@code createdAt}).
     */
    record ChangeOpened(@Required String changeId, @Required String repository, String title, String author,
            @Required Instant createdAt, List<String> workItemKeys, Instant readyForReviewAt) implements EventData {
    }

    /** A pull or merge request was merged. {@code readyForReviewAt} as in {@link ChangeOpened}. */
    record ChangeMerged(@Required String changeId, @Required String repository, String title, String author,
            @Required Instant createdAt, Instant firstCommitAt, @Required Instant mergedAt,
            @Required String mergeCommitSha, List<String> workItemKeys, Instant readyForReviewAt)
            implements EventData {
    }

    /** A review of a pull or merge request was submitted; {@code reviewId} is the tool's id of the review. */
    record ChangeReviewed(@Required String reviewId, @Required String changeId, @Required String repository,
            @Required String reviewer, @Required ReviewState state, @Required Instant submittedAt)
            implements EventData {
    }

    /** A pull or merge request was closed without merging. */
    record ChangeClosed(@Required String changeId, @Required String repository, @Required Instant closedAt)
            implements EventData {
    }

    /**
     * A deployment of a service to an environment ended with {@code status} success or failure. {@code rollbackOf}:
     * the deploymentId this deployment rolls back; {@code hotfix}: true when the tool marks it a hotfix.
     */
    record DeploymentFinished(@Required String deploymentId, @Required String service, @Required String environment,
            @Required DeploymentStatus status, Instant startedAt, @Required Instant finishedAt,
            @Required List<String> commitShas, String rollbackOf, Boolean hotfix) implements EventData {

        /** Whether the deployment succeeded. */
        public boolean succeeded() {
            return status == DeploymentStatus.SUCCESS;
        }

        /** Whether the tool marked it a hotfix (absent: not). */
        public boolean isHotfix() {
            return Boolean.TRUE.equals(hotfix);
        }
    }

    /**
     * An incident was opened, optionally naming the deployment that caused it; {@code url}: where the incident tool
     * shows it.
     */
    record IncidentOpened(@Required String incidentId, @Required String service, String severity,
            @Required Instant openedAt, String causedByDeploymentId, String title, @WebUrl String url)
            implements EventData {
    }

    /** An incident was resolved. */
    record IncidentResolved(@Required String incidentId, @Required String service, @Required Instant openedAt,
            @Required Instant resolvedAt, String causedByDeploymentId, String title, @WebUrl String url)
            implements EventData {
    }
}
