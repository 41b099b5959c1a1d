package dev.flowlens.ingest.connector.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One run of a connector's pull or replay (schema.graphql {@code SyncRun} plus its progress).
 *
 * @param status         RUNNING, SUCCEEDED or FAILED
 * @param pages          pages fetched and committed so far
 * @param items          objects fetched
 * @param stored         new raw rows (an object version stored before is not stored again)
 * @param events         outbox rows written
 * @param progress       per resource: {@code {"pages", "items", "cursor"}}
 * @param error          why a FAILED run stopped
 * @param live           what the run is doing now (its phase, last request and rate-limit wait); while RUNNING
 */
public record SyncRun(String id, String connectorId, Trigger trigger, String status, Instant startedAt, Instant finishedAt,
        int pages, int items, int stored, int events, JsonNode progress, String error, Live live) {

    /** Who started a run. */
    public enum Trigger {
        MANUAL, SCHEDULE, REPLAY
    }

    /**
     * What a run is doing (V8__sync_run_progress.sql).
     *
     * @param phase          the resource being read, {@code <endpoint>:<repository or project>} (e.g.
     *                       {@code issues:acme/payments}); null before the first
     * @param endpoint       the tool call sent last, e.g. {@code GET /repos/acme/payments/issues}
     * @param phaseItems     objects of this phase fetched so far
     * @param phaseTotal     objects the tool says this phase holds (GitLab's {@code X-Total}), null when it does not say
     * @param phaseStarted   when the phase began
     * @param requests       requests sent to the tool so far (retries and rate-limited ones included)
     * @param rateLimitWaits rate-limit waits sat out so far
     * @param waitReason     while sitting out a rate limit: the answer that asked for it
     * @param waitUntil      while sitting out a rate limit: when the next request goes out
     * @param updatedAt      when this was written
     */
    public record Live(String phase, String endpoint, int phaseItems, Integer phaseTotal, Instant phaseStarted, int requests,
            int rateLimitWaits, String waitReason, Instant waitUntil, Instant updatedAt) {

        /** Nothing done yet. */
        public static final Live NONE = new Live(null, null, 0, null, null, 0, 0, null, null, null);

        /**
         * When this phase should be done, at the pace it went so far: only when the tool gave a total and some objects
         * came (time spent waiting for rate limits counts in the pace, as it will in what is left).
         */
        public Optional<Instant> phaseEstimatedEnd() {
            if (phaseTotal == null || phaseStarted == null || updatedAt == null || phaseItems <= 0) {
                return Optional.empty();
            }
            int left = Math.max(0, phaseTotal - phaseItems);
            Duration spent = Duration.between(phaseStarted, updatedAt);
            if (spent.isNegative()) {
                return Optional.empty();
            }
            return Optional.of(updatedAt.plus(spent.multipliedBy(left).dividedBy(phaseItems)));
        }
    }
}
