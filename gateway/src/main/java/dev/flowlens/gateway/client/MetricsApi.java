package dev.flowlens.gateway.client;

import dev.flowlens.internalapi.metrics.AgingItem;
import dev.flowlens.internalapi.metrics.AgingRequest;
import dev.flowlens.internalapi.metrics.Alert;
import dev.flowlens.internalapi.metrics.CfdDay;
import dev.flowlens.internalapi.metrics.DeadLetter;
import dev.flowlens.internalapi.metrics.DeadLetterRedrive;
import dev.flowlens.internalapi.metrics.ChangeView;
import dev.flowlens.internalapi.metrics.DeploymentView;
import dev.flowlens.internalapi.metrics.DeliveryMetrics;
import dev.flowlens.internalapi.metrics.DoraMetrics;
import dev.flowlens.internalapi.metrics.FinishedItem;
import dev.flowlens.internalapi.metrics.FlowMetrics;
import dev.flowlens.internalapi.metrics.Notifier;
import dev.flowlens.internalapi.metrics.NotifierInput;
import dev.flowlens.internalapi.metrics.Forecast;
import dev.flowlens.internalapi.metrics.ForecastRequest;
import dev.flowlens.internalapi.metrics.ProductionFlow;
import dev.flowlens.internalapi.metrics.StageMetrics;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.internalapi.metrics.ValueStreamInput;
import dev.flowlens.internalapi.metrics.WindowRequest;
import dev.flowlens.internalapi.metrics.WorkItemPage;
import dev.flowlens.internalapi.metrics.WorkItemsRequest;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * metrics-service's internal API (docs/internal-api.md). Every call carries the gateway's
 * service token (client-credentials grant of {@code flowlens-gateway}; the filter caches the
 * token and fetches a new one only when it expires). Use it through {@link MetricsClient},
 * which adds fault tolerance and error translation. The metric calls are non-blocking
 * ({@link Uni}), so the independent metric fields of one GraphQL query run concurrently.
 */
@Path("/internal/v1")
@RegisterRestClient(configKey = "metrics")
@OidcClientFilter
@RegisterProvider(MetricsErrorMapper.class)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface MetricsApi {

    @GET
    @Path("/value-streams")
    List<ValueStream> valueStreams();

    @GET
    @Path("/value-streams/{id}")
    Uni<ValueStream> valueStreamAsync(@PathParam("id") String id);

    @PUT
    @Path("/value-streams")
    ValueStream saveValueStream(ValueStreamInput input);

    @DELETE
    @Path("/value-streams/{id}")
    Deleted deleteValueStream(@PathParam("id") String id);

    @POST
    @Path("/metrics/flow")
    Uni<Map<String, FlowMetrics>> flow(WindowRequest request);

    @POST
    @Path("/metrics/stages")
    Uni<Map<String, List<StageMetrics>>> stages(WindowRequest request);

    @POST
    @Path("/metrics/cumulative-flow")
    Uni<Map<String, List<CfdDay>>> cumulativeFlow(WindowRequest request);

    @POST
    @Path("/metrics/aging-wip")
    Uni<Map<String, List<AgingItem>>> agingWip(AgingRequest request);

    @POST
    @Path("/metrics/dora")
    Uni<Map<String, DoraMetrics>> dora(WindowRequest request);

    @POST
    @Path("/metrics/deployments-list")
    Uni<Map<String, List<DeploymentView>>> deploymentsList(WindowRequest request);

    @POST
    @Path("/metrics/changes-list")
    Uni<Map<String, List<ChangeView>>> changesList(WindowRequest request);

    @POST
    @Path("/metrics/delivery")
    Uni<Map<String, DeliveryMetrics>> delivery(WindowRequest request);

    @POST
    @Path("/metrics/to-production")
    Uni<Map<String, ProductionFlow>> toProduction(WindowRequest request);

    @POST
    @Path("/metrics/forecast")
    Uni<Map<String, Forecast>> forecast(ForecastRequest request);

    @POST
    @Path("/metrics/work-items")
    Uni<Map<String, WorkItemPage>> workItems(WorkItemsRequest request);

    @POST
    @Path("/metrics/finished-items")
    Uni<Map<String, List<FinishedItem>>> finishedItems(WindowRequest request);

    @POST
    @Path("/metrics/alerts")
    Uni<Map<String, List<Alert>>> alerts(WindowRequest request);

    @GET
    @Path("/dead-letters")
    List<DeadLetter> deadLetters(@QueryParam("limit") int limit);

    @POST
    @Path("/dead-letters/redrive")
    DeadLetterRedrive redriveDeadLetters(@QueryParam("limit") int limit);

    @GET
    @Path("/notifiers")
    List<Notifier> notifiers();

    @PUT
    @Path("/notifiers")
    Notifier saveNotifier(NotifierInput input);

    @DELETE
    @Path("/notifiers/{id}")
    Deleted deleteNotifier(@PathParam("id") String id);

    /** Answer of DELETE. */
    record Deleted(boolean deleted) {
    }
}
