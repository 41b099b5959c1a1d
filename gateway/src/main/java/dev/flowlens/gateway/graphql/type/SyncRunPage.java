package dev.flowlens.gateway.graphql.type;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/** One page of a connector's runs, as ingest-service answers it. */
@JsonIgnoreProperties(ignoreUnknown = true)
@Description("One page of a connector's sync runs, newest first; pass nextCursor as `after` for the next page.")
public record SyncRunPage(
        @NonNull @Description("The runs of this page.") List<@NonNull SyncRun> items,
        @Description("Cursor of the next page; null on the last page.") String nextCursor,
        @Description("Runs of the connector, over all pages.") int total) {
}
