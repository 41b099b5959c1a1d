package dev.flowlens.gateway.graphql.operation;

import dev.flowlens.events.FlowChangeNotice;
import dev.flowlens.gateway.client.FlowChangeFeed;
import dev.flowlens.gateway.client.MetricsClient;
import dev.flowlens.gateway.graphql.error.LogsUnexpectedErrors;
import dev.flowlens.gateway.graphql.type.FlowChange;
import dev.flowlens.gateway.security.ReportsForbidden;
import dev.flowlens.gateway.security.Roles;
import dev.flowlens.gateway.security.Visibility;
import io.smallrye.graphql.api.Subscription;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

/**
 * Live pushes: {@code flowChanged}, fed by metrics-service's notices on {@code flow.changes}. Authorised like queries:
 * a stream the caller may not see (or that does not exist) is absent, so its subscription completes at once without
 * a push; every push is checked again against the groups the stream has at that moment.
 */
@GraphQLApi
@ApplicationScoped
@ReportsForbidden
@LogsUnexpectedErrors
public class FlowChangeApi {

    private final MetricsClient metrics;
    private final Visibility visibility;
    private final FlowChangeFeed feed;

    FlowChangeApi(MetricsClient metrics, Visibility visibility, FlowChangeFeed feed) {
        this.metrics = metrics;
        this.visibility = visibility;
        this.feed = feed;
    }

    @Subscription("flowChanged")
    @Description("Pushed when new facts change the stream's metrics, at most once per second per stream. Completes at "
            + "once for a stream the caller may not see. Over WebSocket (graphql-transport-ws) at /graphql, the token "
            + "in the Authorization header or in the connection_init payload as {\"Authorization\": \"Bearer ...\"}. "
            + "Role viewer or admin.")
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
    public Multi<@NonNull FlowChange> flowChanged(
            @NonNull @Id @Name("valueStreamId") @Description("The stream to watch.") String valueStreamId) {
        return StreamPushes.of(metrics, visibility.viewer(), valueStreamId, feed.notices(),
                FlowChangeNotice::valueStreamId, FlowChangeNotice::visibleToGroups, FlowChangeApi::push);
    }

    private static FlowChange push(FlowChangeNotice n) {
        return new FlowChange(n.valueStreamId(), n.at(), n.velocity(), n.load());
    }
}
