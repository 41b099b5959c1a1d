package dev.flowlens.gateway.graphql.operation;

import dev.flowlens.gateway.client.AlertFeed;
import dev.flowlens.gateway.client.MetricsClient;
import dev.flowlens.gateway.graphql.error.LogsUnexpectedErrors;
import dev.flowlens.gateway.security.ReportsForbidden;
import dev.flowlens.gateway.security.Roles;
import dev.flowlens.gateway.security.Visibility;
import dev.flowlens.internalapi.metrics.Alert;
import dev.flowlens.internalapi.metrics.AlertNotice;
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
 * Live alerts: {@code alertRaised}, fed by metrics-service's notices on {@code flow.alerts}. Authorised like
 * {@link FlowChangeApi}: a stream the caller may not see (or that does not exist) completes at once, and every push is
 * checked again against the groups the stream has at that moment.
 */
@GraphQLApi
@ApplicationScoped
@ReportsForbidden
@LogsUnexpectedErrors
public class AlertApi {

    private final MetricsClient metrics;
    private final Visibility visibility;
    private final AlertFeed feed;

    AlertApi(MetricsClient metrics, Visibility visibility, AlertFeed feed) {
        this.metrics = metrics;
        this.visibility = visibility;
        this.feed = feed;
    }

    @Subscription("alertRaised")
    @Description("Each new or ended alert of the stream (WIP_LIMIT, SLE_BREACH): until is null when it was raised, set "
            + "when it ended. The same alerts as ValueStream.alerts. Completes at once for a stream the caller may not "
            + "see. Over WebSocket like flowChanged. Role viewer or admin.")
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
    public Multi<@NonNull Alert> alertRaised(
            @NonNull @Id @Name("valueStreamId") @Description("The stream to watch.") String valueStreamId) {
        return StreamPushes.of(metrics, visibility.viewer(), valueStreamId, feed.notices(),
                n -> n.alert().valueStreamId(), AlertNotice::visibleToGroups, AlertNotice::alert);
    }
}
