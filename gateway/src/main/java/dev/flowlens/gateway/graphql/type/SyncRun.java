package dev.flowlens.gateway.graphql.type;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

/**
 * A pull of a connector as ingest-service answers it (its JSON is this record; the per-resource {@code progress} and
 * {@code stored} count ingest-service adds are not part of the public API and are ignored). The fields after
 * {@code status} were added by issue 24 (docs/connectors.md "Progress").
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@Description("One pull of a connector's data (or a replay of what it stored). It runs in the background; the "
        + "connector's lastSyncAt or lastError shows how it ended, and syncRuns and syncProgress show it in detail.")
public record SyncRun(
        @NonNull @Id @Description("Stable identifier of the run.") String id,
        @NonNull @Id @Description("The connector it pulls.") String connectorId,
        @NonNull @Description("When the run started.") Instant startedAt,
        @NonNull @Description("RUNNING, SUCCEEDED or FAILED.") String status,
        @Description("Who started it: MANUAL (syncConnector), SCHEDULE or REPLAY.") String trigger,
        @Description("When the run ended; null while RUNNING.") Instant finishedAt,
        @Description("Pages of the tool's listings fetched and stored so far.") int pages,
        @Description("Objects (issues, pull requests, deployments, ...) fetched so far; a replay: stored payloads read.") int items,
        @Description("Events queued so far.") int events,
        @Description("Requests sent to the tool so far, retries and rate-limited ones included.") int requests,
        @Description("Rate-limit waits sat out so far.") int rateLimitWaits,
        @Description("Why a FAILED run stopped, as the tool or ingest-service said it.") String error,
        @Description("What the run reads now (its last phase once ended); null before its first request.") SyncPhase phase,
        @Description("The rate-limit wait the run sits out now; null when it is not waiting.") RateLimitWait rateLimitWait,
        @Description("When this progress was written.") Instant updatedAt) {
}
