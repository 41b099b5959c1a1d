package dev.flowlens.metrics.api;

import dev.flowlens.internalapi.metrics.AgingItem;
import dev.flowlens.internalapi.metrics.AgingRequest;
import dev.flowlens.internalapi.metrics.Alert;
import dev.flowlens.internalapi.metrics.CfdDay;
import dev.flowlens.internalapi.metrics.ChangeView;
import dev.flowlens.internalapi.metrics.DeliveryMetrics;
import dev.flowlens.internalapi.metrics.DeploymentView;
import dev.flowlens.internalapi.metrics.DoraMetrics;
import dev.flowlens.internalapi.metrics.FinishedItem;
import dev.flowlens.internalapi.metrics.FlowMetrics;
import dev.flowlens.internalapi.metrics.Forecast;
import dev.flowlens.internalapi.metrics.ForecastRequest;
import dev.flowlens.internalapi.metrics.ProductionFlow;
import dev.flowlens.internalapi.metrics.StageMetrics;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.internalapi.metrics.WindowInput;
import dev.flowlens.internalapi.metrics.WindowRequest;
import dev.flowlens.internalapi.metrics.WorkItemPage;
import dev.flowlens.internalapi.metrics.WorkItemsRequest;
import dev.flowlens.metrics.calc.Window;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import dev.flowlens.metrics.calc.index.DeliveryIndex;
import dev.flowlens.metrics.calc.index.DoraIndex;
import dev.flowlens.metrics.calc.index.WindowIndex;
import dev.flowlens.metrics.calc.metric.AgingCalculator;
import dev.flowlens.metrics.calc.metric.AlertCalculator;
import dev.flowlens.metrics.calc.metric.DeliveryCalculator;
import dev.flowlens.metrics.calc.metric.DoraCalculator;
import dev.flowlens.metrics.calc.metric.FinishedItems;
import dev.flowlens.metrics.calc.metric.FlowCalculator;
import dev.flowlens.metrics.calc.metric.Forecaster;
import dev.flowlens.metrics.calc.metric.StageCalculator;
import dev.flowlens.metrics.calc.metric.WorkItemPages;
import dev.flowlens.metrics.calc.timeline.StatusIndex;
import dev.flowlens.metrics.calc.timeline.Timeline;
import dev.flowlens.metrics.facts.FactReader;
import dev.flowlens.metrics.stream.ValueStreamStore;
import dev.flowlens.metrics.view.CacheConfig;
import dev.flowlens.metrics.view.DeliveryFacts;
import dev.flowlens.metrics.view.DoraFacts;
import dev.flowlens.metrics.view.FactCache;
import dev.flowlens.metrics.view.StreamAlerts;
import dev.flowlens.metrics.view.StreamView;
import dev.flowlens.metrics.view.ViewSnapshot;
import dev.flowlens.problem.BadInputException;
import dev.flowlens.problem.UnavailableException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Internal API: every metric, batched over value streams (docs/internal-api.md). The rules live in
 * the {@code calc} package; this class hands it the prebuilt views of this instance's {@link FactCache}, and adds the
 * titles of the items a list shows from PostgreSQL ({@link ListedTitles}).
 */
@Path("/internal/v1/metrics")
@RolesAllowed(Roles.SERVICE)
public class MetricsResource {

    private final ValueStreamStore streams;
    private final FactReader facts;
    private final FactCache cache;
    private final CacheConfig cacheConfig;
    private final ForecastRuns forecasts;
    private final StreamAlerts alerts;
    private final Clock clock;
    private final ListedTitles titles;

    public MetricsResource(ValueStreamStore streams, FactReader facts, FactCache cache, CacheConfig cacheConfig,
            ForecastRuns forecasts, StreamAlerts alerts) {
        this.alerts = alerts;
        this.streams = streams;
        this.facts = facts;
        this.cache = cache;
        this.cacheConfig = cacheConfig;
        this.forecasts = forecasts;
        this.clock = Clock.systemUTC();
        this.titles = new ListedTitles(facts::titles);
    }

    @POST
    @Path("flow")
    public Uni<Map<String, FlowMetrics>> flow(WindowRequest request) {
        Window window = window(request);
        Instant now = clock.instant();
        return perStream(request.valueStreamIds(), v -> FlowCalculator.flow(v.index(), v.windows(), window, now));
    }

    @POST
    @Path("stages")
    public Uni<Map<String, List<StageMetrics>>> stages(WindowRequest request) {
        Window window = window(request);
        Instant now = clock.instant();
        return perStream(request.valueStreamIds(),
                v -> StageCalculator.stages(v.index(), v.windows(), window, now));
    }

    @POST
    @Path("cumulative-flow")
    public Uni<Map<String, List<CfdDay>>> cumulativeFlow(WindowRequest request) {
        Window window = window(request);
        Instant now = clock.instant();
        return perStream(request.valueStreamIds(),
                v -> StageCalculator.cumulativeFlow(v.index(), v.windows(), window, now));
    }

    @POST
    @Path("aging-wip")
    public Uni<Map<String, List<AgingItem>>> agingWip(AgingRequest request) {
        requireIds(request == null ? null : request.valueStreamIds());
        Instant now = clock.instant();
        Instant asOf = request.asOf() == null || request.asOf().isAfter(now) ? now : request.asOf();
        return perStream(request.valueStreamIds(), v -> AgingCalculator.agingWip(v.index(), v.timelines(), asOf))
                .flatMap(titles::aging);
    }

    @POST
    @Path("forecast")
    public Uni<Map<String, Forecast>> forecast(ForecastRequest request) {
        requireIds(request == null ? null : request.valueStreamIds());
        if (request.forecast() == null) {
            throw new BadInputException("forecast", "the forecast input is required");
        }
        Instant now = clock.instant();
        int horizonDays = request.horizonDays() == null ? Forecaster.MAX_DAYS : request.horizonDays();
        BadInputException.check(() -> Forecaster.validate(request.forecast(), now, horizonDays));
        ForecastRuns.Run run = forecasts.start();
        // Quarkus REST cancels the returned Uni when the caller's connection closes: the trials then stop too.
        return perStream(request.valueStreamIds(), v -> run.compute(() -> Forecaster.forecast(v.timelines(),
                request.forecast(), now, horizonDays, run::stop)))
                .onCancellation().invoke(run::callerGone);
    }

    @POST
    @Path("work-items")
    public Uni<Map<String, WorkItemPage>> workItems(WorkItemsRequest request) {
        requireIds(request == null ? null : request.valueStreamIds());
        int first = request.first() == null ? WorkItemPages.DEFAULT_PAGE : request.first();
        BadInputException.check(() -> WorkItemPages.validate(first, request.after()));
        Instant now = clock.instant();
        return perStream(request.valueStreamIds(), v -> WorkItemPages.page(v.index(), v.timelines(), now, first,
                request.after(), Boolean.TRUE.equals(request.unfinishedOnly()), v.deliveryFacts().delivery()))
                .flatMap(titles::pages);
    }

    @POST
    @Path("finished-items")
    public Uni<Map<String, List<FinishedItem>>> finishedItems(WindowRequest request) {
        Window window = window(request);
        Instant now = clock.instant();
        return perStream(request.valueStreamIds(),
                v -> FinishedItems.finishedItems(v.index(), v.timelines(), window, now));
    }

    @POST
    @Path("alerts")
    public Uni<Map<String, List<Alert>>> alerts(WindowRequest request) {
        Window window = window(request);
        Instant now = clock.instant();
        return perStream(request.valueStreamIds(), v -> AlertCalculator.inWindow(alerts.all(v), window, now));
    }

    @POST
    @Path("dora")
    public Uni<Map<String, DoraMetrics>> dora(WindowRequest request) {
        Window window = window(request);
        Instant now = clock.instant();
        return perStream(request.valueStreamIds(), v -> DoraCalculator.dora(v.dora(), window, now));
    }

    @POST
    @Path("deployments-list")
    public Uni<Map<String, List<DeploymentView>>> deploymentsList(WindowRequest request) {
        Window window = window(request);
        Instant now = clock.instant();
        return perStream(request.valueStreamIds(), v -> DoraCalculator.deploymentsList(v.dora(), window, now));
    }

    @POST
    @Path("delivery")
    public Uni<Map<String, DeliveryMetrics>> delivery(WindowRequest request) {
        Window window = window(request);
        Instant now = clock.instant();
        return perStream(request.valueStreamIds(),
                v -> DeliveryCalculator.delivery(v.deliveryFacts().delivery(), window, now));
    }

    @POST
    @Path("changes-list")
    public Uni<Map<String, List<ChangeView>>> changesList(WindowRequest request) {
        Window window = window(request);
        Instant now = clock.instant();
        return perStream(request.valueStreamIds(),
                v -> DeliveryCalculator.changesList(v.deliveryFacts().delivery(), window, now));
    }

    @POST
    @Path("to-production")
    public Uni<Map<String, ProductionFlow>> toProduction(WindowRequest request) {
        Window window = window(request);
        Instant now = clock.instant();
        return perStream(request.valueStreamIds(),
                v -> DeliveryCalculator.toProduction(v.deliveryFacts().production(), window, now));
    }

    /** One result per existing stream, keyed by id in request order, computed off the event loop. */
    private <T> Uni<Map<String, T>> perStream(List<String> ids, Function<StreamView, T> compute) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(ids));
        return views(distinct).emitOn(Infrastructure.getDefaultWorkerPool()).map(found -> {
            Map<String, T> out = new LinkedHashMap<>();
            for (String id : distinct) {
                StreamView v = found.get(id);
                if (v != null) {
                    out.put(id, compute.apply(v));
                }
            }
            return out;
        });
    }

    /**
     * The views of the requested streams, from the cache. A stream the cache does not hold yet but the database does
     * (saved since the last poll) waits for the next poll; if a poll is still loading that stream's items (a new or
     * re-scoped stream, FactCache), the answer is 503 with Retry-After; if the cache's first load is still running, or
     * the poll did not bring it, the stream's view is built from the database (the straightforward path, same
     * calculators).
     */
    private Uni<Map<String, StreamView>> views(List<String> ids) {
        ViewSnapshot snapshot = cache.snapshot();
        List<String> missing = ids.stream().filter(id -> !snapshot.streams().containsKey(id)).toList();
        if (missing.isEmpty()) {
            return Uni.createFrom().item(snapshot.streams());
        }
        return streams.byIds(missing).flatMap(inDatabase -> {
            if (inDatabase.isEmpty()) {
                return Uni.createFrom().item(snapshot.streams()); // unknown ids are left out of the answer
            }
            Uni<ViewSnapshot> next = cache.ready()
                    ? Uni.createFrom().completionStage(cache::nextPoll).ifNoItem()
                            .after(cacheConfig.awaitNewStream()).recoverWithItem(cache::snapshot)
                    : Uni.createFrom().item(snapshot);
            return next.flatMap(later -> {
                Map<String, StreamView> out = new HashMap<>(later.streams());
                List<ValueStream> uncached = inDatabase.values().stream()
                        .filter(vs -> !out.containsKey(vs.id())).toList();
                Set<String> loading = cache.loadingStreams();
                for (ValueStream vs : uncached) {
                    if (loading.contains(vs.id())) {
                        // its items are being read into the cache: no partial answer, and no second copy of a large
                        // stream built from the database beside it (docs/sizing.md, "Restart")
                        return Uni.createFrom().failure(new UnavailableException("value stream "
                                + vs.id() + ": the cache is loading its work items (" + cache.heldItems()
                                + " items held so far); ask again in a few seconds", 5));
                    }
                }
                return Multi.createFrom().iterable(uncached)
                        .onItem().transformToUniAndConcatenate(this::fromDatabase)
                        .collect().asList()
                        .map(built -> {
                            built.forEach(v -> out.put(v.stream().id(), v));
                            return out;
                        });
            });
        });
    }

    /** A stream's view built straight from the database. */
    private Uni<StreamView> fromDatabase(ValueStream vs) {
        return facts.items(vs).flatMap(items -> facts.doraFacts(vs).flatMap(d -> facts.deliveryFacts(vs).map(dl -> {
            StatusIndex index = StatusIndex.of(vs);
            List<Timeline> timelines = new ArrayList<>(items.size());
            for (WorkItemFacts item : items) {
                timelines.add(Timeline.of(item, index));
            }
            List<Timeline> all = List.copyOf(timelines);
            return new StreamView(index.stream(), index, all, WindowIndex.of(index, timelines),
                    DoraFacts.of(DoraIndex.of(vs, d.changes(), d.deployments(), d.incidents())),
                    DeliveryFacts.of(DeliveryIndex.of(vs, dl.changes(), dl.reviews(), dl.deployments()), all));
        })));
    }

    private static Window window(WindowRequest request) {
        requireIds(request == null ? null : request.valueStreamIds());
        if (request.window() == null) {
            throw new BadInputException("window", "a window is required");
        }
        WindowInput w = request.window();
        return BadInputException.whenRejected(() -> new Window(w.from(), w.to(), w.granularity()).validate());
    }

    private static void requireIds(List<String> ids) {
        if (ids == null || ids.isEmpty()) {
            throw new BadInputException("valueStreamIds", "name at least one value stream");
        }
    }
}
