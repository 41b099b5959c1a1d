package dev.flowlens.metrics.calc.fact;

import java.time.Instant;

/** A code change (pull/merge request); {@code mergedAt} and {@code mergeCommitSha} are null until it merges. */
public record ChangeFact(String changeId, String repository, Instant createdAt, Instant firstCommitAt, Instant mergedAt,
        String mergeCommitSha) {
}
