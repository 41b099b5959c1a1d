package dev.flowlens.metrics.api;

import dev.flowlens.metrics.calc.AgingCalculator;
import dev.flowlens.metrics.calc.AgingItem;
import dev.flowlens.metrics.calc.CfdDay;
import dev.flowlens.metrics.calc.DoraCalculator;
import dev.flowlens.metrics.calc.DoraMetrics;
import dev.flowlens.metrics.calc.FlowCalculator;
import dev.flowlens.metrics.calc.FlowMetrics;
import dev.flowlens.metrics.calc.Forecast;
import dev.flowlens.metrics.calc.ForecastInput;
import dev.flowlens.metrics.calc.Forecaster;
import dev.flowlens.metrics.calc.StageCalculator;
import dev.flowlens.metrics.calc.StageMetrics;
import dev.flowlens.metrics.calc.ValueStream;
import dev.flowlens.metrics.calc.Window;
import dev.flowlens.metrics.calc.WorkItemFacts;
import dev.flowlens.metrics.facts.FactReader;
import dev.flowlens.metrics.stream.ValueStreamStore;
import dev.flowlens.metrics.stream.WorkItemPages;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Internal API: every metric, batched over value streams (docs/internal-api.md). The rules live in
 * the {@code calc} package; this class only fetches facts and hands them over.
 */
@Path("/internal/v1/metrics")
@RolesAllowed(Roles.SERVICE)
public class MetricsResource {

    /** A request for windowed metrics of several streams. */
    public record WindowRequest(List<String> valueStreamIds, Window window) {
    }

    /** A request for aging work as of an instant (null: now). */
    public record AgingRequest(List<String> valueStreamIds, Instant asOf) {
    }

    /** A forecast request. */
    public record ForecastRequest(List<String> valueStreamIds, ForecastInput forecast) {
    }

    /** A page of a stream's work items. */
    public record WorkItemsRequest(List<String> valueStreamIds, Integer first, String after, Boolean unfinishedOnly) {
    }

    private final ValueStreamStore streams;
    private final FactReader facts;
    private final Clock clock;

    public MetricsResource(ValueStreamStore streams, FactReader facts) {
        this.streams = streams;
        this.facts = facts;
        this.clock = Clock.systemUTC();
    }

    @POST
    @Path("flow")
    public Uni<Map<String, FlowMetrics>> flow(WindowRequest request) {
        Window window = window(request);
        Instant now = clock.instant();
        return perStream(request.valueStreamIds(),
                (vs, items) -> FlowCalculator.flow(vs, items, window, now));
    }

    @POST
    @Path("stages")
    public Uni<Map<String, List<StageMetrics>>> stages(WindowRequest request) {
        Window window = window(request);
        Instant now = clock.instant();
        return perStream(request.valueStreamIds(),
                (vs, items) -> StageCalculator.stages(vs, items, window, now));
    }

    @POST
    @Path("cumulative-flow")
    public Uni<Map<String, List<CfdDay>>> cumulativeFlow(WindowRequest request) {
        Window window = window(request);
        Instant now = clock.instant();
        return perStream(request.valueStreamIds(),
                (vs, items) -> StageCalculator.cumulativeFlow(vs, items, window, now));
    }

    @POST
    @Path("aging-wip")
    public Uni<Map<String, List<AgingItem>>> agingWip(AgingRequest request) {
        requireIds(request == null ? null : request.valueStreamIds());
        Instant now = clock.instant();
        Instant asOf = request.asOf() == null || request.asOf().isAfter(now) ? now : request.asOf();
        return perStream(request.valueStreamIds(), (vs, items) -> AgingCalculator.agingWip(vs, items, asOf));
    }

    @POST
    @Path("forecast")
    public Uni<Map<String, Forecast>> forecast(ForecastRequest request) {
        requireIds(request == null ? null : request.valueStreamIds());
        if (request.forecast() == null) {
            throw new IllegalArgumentException("forecast: the forecast input is required");
        }
        Instant now = clock.instant();
        return perStream(request.valueStreamIds(),
                (vs, items) -> Forecaster.forecast(vs, items, request.forecast(), now));
    }

    @POST
    @Path("work-items")
    public Uni<Map<String, WorkItemPages.Page>> workItems(WorkItemsRequest request) {
        requireIds(request == null ? null : request.valueStreamIds());
        int first = request.first() == null ? WorkItemPages.DEFAULT_PAGE : request.first();
        Instant now = clock.instant();
        return perStream(request.valueStreamIds(), (vs, items) -> WorkItemPages.page(vs, items, now, first,
                request.after(), Boolean.TRUE.equals(request.unfinishedOnly())));
    }

    @POST
    @Path("dora")
    public Uni<Map<String, DoraMetrics>> dora(WindowRequest request) {
        Window window = window(request);
        Instant now = clock.instant();
        return forEachStream(request.valueStreamIds(), vs -> facts.doraFacts(vs)
                .map(f -> DoraCalculator.dora(vs, f.changes(), f.deployments(), f.incidents(), window, now)));
    }

    private <T> Uni<Map<String, T>> perStream(List<String> ids, BiFunction<ValueStream, List<WorkItemFacts>, T> compute) {
        return forEachStream(ids, vs -> facts.items(vs).map(items -> compute.apply(vs, items)));
    }

    /** Computes one result per existing stream, one stream at a time, keyed by id in request order. */
    private <T> Uni<Map<String, T>> forEachStream(List<String> ids, Function<ValueStream, Uni<T>> compute) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(ids));
        return streams.byIds(distinct).flatMap(found -> Multi.createFrom().iterable(distinct)
                .filter(found::containsKey)
                .onItem().transformToUniAndConcatenate(id -> compute.apply(found.get(id)).map(r -> Map.entry(id, r)))
                .collect().asList()
                .map(entries -> {
                    Map<String, T> out = new LinkedHashMap<>();
                    entries.forEach(e -> out.put(e.getKey(), e.getValue()));
                    return out;
                }));
    }

    private static Window window(WindowRequest request) {
        requireIds(request == null ? null : request.valueStreamIds());
        if (request.window() == null) {
            throw new IllegalArgumentException("window: a window is required");
        }
        return request.window().validate();
    }

    private static void requireIds(List<String> ids) {
        if (ids == null || ids.isEmpty()) {
            throw new IllegalArgumentException("valueStreamIds: name at least one value stream");
        }
    }
}
