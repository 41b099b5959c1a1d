package dev.flowlens.metrics.calc.fact;

import java.time.Instant;
import java.util.List;

/**
 * A code change (pull/merge request); {@code mergedAt} and {@code mergeCommitSha} are null until it merges.
 * {@code author}, {@code readyForReviewAt} and {@code workItemKeys} are the winning event's, else the latest
 * {@code change.opened}'s (METRICS.md "Delivery": a field only change.opened gives still counts); keys never null.
 */
public record ChangeFact(String changeId, String repository, Instant createdAt, Instant firstCommitAt, Instant mergedAt,
        String mergeCommitSha, String author, Instant readyForReviewAt, List<String> workItemKeys) {

    /** Keys absent are none. */
    public ChangeFact {
        workItemKeys = workItemKeys == null ? List.of() : workItemKeys;
    }

    /** A change as the DORA (v1) rules see it: no author, readiness or work item keys. */
    public ChangeFact(String changeId, String repository, Instant createdAt, Instant firstCommitAt, Instant mergedAt,
            String mergeCommitSha) {
        this(changeId, repository, createdAt, firstCommitAt, mergedAt, mergeCommitSha, null, null, List.of());
    }
}
