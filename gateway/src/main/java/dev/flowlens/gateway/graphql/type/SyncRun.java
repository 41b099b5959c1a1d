package dev.flowlens.gateway.graphql.type;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

/**
 * A pull of a connector as ingest-service answers it (its JSON is this record; the counts,
 * progress and error ingest-service adds are not part of the public API and are ignored).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@Description("One pull of a connector's data. It runs in the background; the connector's lastSyncAt or "
        + "lastError shows how it ended.")
public record SyncRun(
        @NonNull @Id @Description("Stable identifier of the run.") String id,
        @NonNull @Id @Description("The connector it pulls.") String connectorId,
        @NonNull @Description("When the run started.") Instant startedAt,
        @NonNull @Description("RUNNING, SUCCEEDED or FAILED.") String status) {
}
