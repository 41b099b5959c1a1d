package dev.flowlens.gateway.graphql.operation;

import dev.flowlens.gateway.client.MetricsClient;
import dev.flowlens.gateway.graphql.error.LogsUnexpectedErrors;
import dev.flowlens.gateway.graphql.type.Lists;
import dev.flowlens.gateway.security.ReportsForbidden;
import dev.flowlens.gateway.security.Roles;
import dev.flowlens.gateway.security.Visibility;
import dev.flowlens.internalapi.metrics.AgingItem;
import dev.flowlens.internalapi.metrics.Alert;
import dev.flowlens.internalapi.metrics.CfdDay;
import dev.flowlens.internalapi.metrics.ChangeView;
import dev.flowlens.internalapi.metrics.DeploymentView;
import dev.flowlens.internalapi.metrics.DeliveryMetrics;
import dev.flowlens.internalapi.metrics.DoraMetrics;
import dev.flowlens.internalapi.metrics.FinishedItem;
import dev.flowlens.internalapi.metrics.FlowMetrics;
import dev.flowlens.internalapi.metrics.Forecast;
import dev.flowlens.internalapi.metrics.ForecastInput;
import dev.flowlens.internalapi.metrics.ProductionFlow;
import dev.flowlens.internalapi.metrics.StageMetrics;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.internalapi.metrics.ValueStreamInput;
import dev.flowlens.internalapi.metrics.WindowInput;
import dev.flowlens.internalapi.metrics.WorkItemPage;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

/**
 * The value stream aggregate: reading and configuring streams, and their metric fields.
 * Every metric field is a batched resolver: however many streams a query returns, one field
 * costs one call to metrics-service, which answers per stream id. The metric resolvers are
 * non-blocking ({@link Uni}), so the metric fields of one query (flow, stageMetrics, dora...)
 * call metrics-service concurrently: a dashboard query costs its slowest call, not the sum. The streams reaching a
 * metric field already passed the visibility filter of {@link #valueStreams()} or
 * {@link #valueStream(String)}.
 */
@GraphQLApi
@ApplicationScoped
@ReportsForbidden
@LogsUnexpectedErrors
public class ValueStreamApi {

    private final MetricsClient metrics;
    private final Visibility visibility;
    private final ArgumentRules rules;
    private final SingleArgumentsGuard guard;
    private final RootFieldLimit rootFields;

    ValueStreamApi(MetricsClient metrics, Visibility visibility, ArgumentRules rules, SingleArgumentsGuard guard,
            RootFieldLimit rootFields) {
        this.metrics = metrics;
        this.rootFields = rootFields;
        this.visibility = visibility;
        this.rules = rules;
        this.guard = guard;
    }

    @Query("valueStreams")
    @Description("Every value stream the caller may see. Role viewer or admin.")
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
    public @NonNull List<@NonNull ValueStream> valueStreams() {
        rootFields.check();
        return metrics.valueStreams().stream().filter(visibility::canSee).toList();
    }

    @Query("valueStream")
    @Description("One value stream; null when it does not exist or the caller may not see it. Role viewer or admin.")
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
    public Uni<ValueStream> valueStream(@NonNull @Id @Name("id") @Description("The stream's id.") String id) {
        rootFields.check();
        // the caller's rights are read now, on the request's thread; the lookup does not block a thread
        Visibility.Viewer viewer = visibility.viewer();
        return metrics.valueStreamAsync(id)
                .map(found -> found.filter(vs -> viewer.canSee(vs.visibleToGroups())).orElse(null));
    }

    @Mutation("saveValueStream")
    @Description("Creates a value stream (input without id) or replaces the one with input.id. Role admin.")
    @RolesAllowed(Roles.ADMIN)
    public @NonNull ValueStream saveValueStream(
            @NonNull @Name("input") @Description("The whole stream; lists replace the stored ones.") ValueStreamInput input) {
        rootFields.check();
        return metrics.saveValueStream(input);
    }

    @Mutation("deleteValueStream")
    @Description("Deletes a value stream; false when there was none with that id. Role admin.")
    @RolesAllowed(Roles.ADMIN)
    public boolean deleteValueStream(@NonNull @Id @Name("id") @Description("The stream's id.") String id) {
        rootFields.check();
        return metrics.deleteValueStream(id);
    }

    // ---- metric fields of ValueStream (batched, non-blocking) ----
    // SmallRye GraphQL takes a field's nullability from the annotations on Uni's type argument:
    // Uni<@NonNull List<@NonNull X>> serves X!, as List<@NonNull X> did for a blocking batch.

    @Name("flow")
    @Description("Flow metrics (velocity, flow time, efficiency, load, distribution) over the window.")
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
    public Uni<@NonNull List<@NonNull FlowMetrics>> flow(@Source List<ValueStream> streams,
            @NonNull @Name("window") @Description("The window [from, to) and bucket size.") WindowInput window) {
        return perStream(streams, () -> {
            guard.requireOneArgumentSet("flow");
            rules.window(window);
        }, ids -> metrics.flow(ids, window), Function.identity());
    }

    @Name("stageMetrics")
    @Description("Per stage, in stage order: share of flow time, time stats and WIP, over the window.")
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
    public Uni<@NonNull List<@NonNull List<@NonNull StageMetrics>>> stageMetrics(@Source List<ValueStream> streams,
            @NonNull @Name("window") @Description("The window [from, to) and bucket size.") WindowInput window) {
        return perStream(streams, () -> {
            guard.requireOneArgumentSet("stageMetrics");
            rules.window(window);
        }, ids -> metrics.stages(ids, window), Lists::orEmpty);
    }

    @Name("bottleneck")
    @Description("The stage with the largest share of flow time in the window; null when no item finished.")
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
    public Uni<List<StageMetrics>> bottleneck(@Source List<ValueStream> streams,
            @NonNull @Name("window") @Description("The window [from, to) and bucket size.") WindowInput window) {
        return perStream(streams, () -> {
            guard.requireOneArgumentSet("bottleneck");
            rules.window(window);
        }, ids -> metrics.stages(ids, window),
                stages -> stages == null ? null
                        : stages.stream().filter(StageMetrics::isBottleneck).findFirst().orElse(null));
    }

    @Name("cumulativeFlow")
    @Description("Cumulative flow: per UTC day of the window, items per stage and done at the day's end.")
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
    public Uni<@NonNull List<@NonNull List<@NonNull CfdDay>>> cumulativeFlow(@Source List<ValueStream> streams,
            @NonNull @Name("window") @Description("The window [from, to) and bucket size.") WindowInput window) {
        return perStream(streams, () -> {
            guard.requireOneArgumentSet("cumulativeFlow");
            rules.window(window);
        }, ids -> metrics.cumulativeFlow(ids, window), Lists::orEmpty);
    }

    @Name("agingWip")
    @Description("Items in progress as of a time, with their age and whether they are at risk.")
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
    public Uni<@NonNull List<@NonNull List<@NonNull AgingItem>>> agingWip(@Source List<ValueStream> streams,
            @Name("asOf") @Description("The instant to look at; default now.") Instant asOf) {
        return perStream(streams, () -> guard.requireOneArgumentSet("agingWip"),
                ids -> metrics.agingWip(ids, asOf), Lists::orEmpty);
    }

    @Name("dora")
    @Description("DORA metrics (deployment frequency, lead time for changes, change failure rate, time to restore).")
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
    public Uni<@NonNull List<@NonNull DoraMetrics>> dora(@Source List<ValueStream> streams,
            @NonNull @Name("window") @Description("The window [from, to) and bucket size.") WindowInput window) {
        return perStream(streams, () -> {
            guard.requireOneArgumentSet("dora");
            rules.window(window);
        }, ids -> metrics.dora(ids, window), Function.identity());
    }

    @Name("deploymentsList")
    @Description("The stream's deployments finished in the window, by finish then id, each explained: failed, rework, "
            + "its attributed incidents and by which rule, what it rolls back, its recovery.")
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
    public Uni<@NonNull List<@NonNull List<@NonNull DeploymentView>>> deploymentsList(@Source List<ValueStream> streams,
            @NonNull @Name("window") @Description("The window [from, to) and bucket size.") WindowInput window) {
        return perStream(streams, () -> {
            guard.requireOneArgumentSet("deploymentsList");
            rules.window(window);
        }, ids -> metrics.deploymentsList(ids, window), Lists::orEmpty);
    }

    @Name("delivery")
    @Description("Delivery: merged changes of the stream's repositories in the window, with coding, pickup, review "
            + "and deploy time, time to merge, the unreviewed share and the slowest phase.")
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
    public Uni<@NonNull List<@NonNull DeliveryMetrics>> delivery(@Source List<ValueStream> streams,
            @NonNull @Name("window") @Description("The window [from, to) and bucket size.") WindowInput window) {
        return perStream(streams, () -> {
            guard.requireOneArgumentSet("delivery");
            rules.window(window);
        }, ids -> metrics.delivery(ids, window), Function.identity());
    }

    @Name("changesList")
    @Description("The merged changes delivery(window) counts (the stream's repositories, mergedAt in the window), by "
            + "merge then id, each with the values the delivery rules take from it: coding, pickup, review and deploy "
            + "time, time to merge, whether it was reviewed, when it shipped.")
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
    public Uni<@NonNull List<@NonNull List<@NonNull ChangeView>>> changesList(@Source List<ValueStream> streams,
            @NonNull @Name("window") @Description("The window [from, to) and bucket size.") WindowInput window) {
        return perStream(streams, () -> {
            guard.requireOneArgumentSet("changesList");
            rules.window(window);
        }, ids -> metrics.changesList(ids, window), Lists::orEmpty);
    }

    @Name("toProduction")
    @Description("Idea to production: items delivered to production in the window, idea-to-production and "
            + "done-to-production time, and the release queue.")
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
    public Uni<@NonNull List<@NonNull ProductionFlow>> toProduction(@Source List<ValueStream> streams,
            @NonNull @Name("window") @Description("The window [from, to) and bucket size.") WindowInput window) {
        return perStream(streams, () -> {
            guard.requireOneArgumentSet("toProduction");
            rules.window(window);
        }, ids -> metrics.toProduction(ids, window), Function.identity());
    }

    @Name("forecast")
    @Description("Monte Carlo forecast: when a number of items will be done, or how many by a date.")
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
    public Uni<@NonNull List<@NonNull Forecast>> forecast(@Source List<ValueStream> streams,
            @NonNull @Name("input") @Description("What to forecast.") ForecastInput input) {
        return perStream(streams, () -> {
            guard.requireOneArgumentSet("forecast");
            rules.forecast(input);
        }, ids -> metrics.forecast(ids, input, rules.forecastHorizonDays()), Function.identity());
    }

    @Name("workItems")
    @Description("The stream's work items, newest first, one page at a time.")
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
    public Uni<@NonNull List<@NonNull WorkItemPage>> workItems(@Source List<ValueStream> streams,
            @DefaultValue("50") @Name("first") @Description("Page size, 1..500; default 50.") Integer first,
            @Name("after") @Description("nextCursor of the previous page; omit for the first page.") String after,
            @DefaultValue("false") @Name("unfinishedOnly") @Description("Only items not done yet; default false.") Boolean unfinishedOnly) {
        int pageSize = first == null ? 50 : first;
        return perStream(streams, () -> {
            guard.requireOneArgumentSet("workItems");
            rules.page(pageSize);
        }, ids -> metrics.workItems(ids, pageSize, after, Boolean.TRUE.equals(unfinishedOnly)),
                Function.identity());
    }

    @Name("finishedItems")
    @Description("The items counted in the window's flow time, by flow end: the cycle-time scatterplot's data.")
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
    public Uni<@NonNull List<@NonNull List<@NonNull FinishedItem>>> finishedItems(@Source List<ValueStream> streams,
            @NonNull @Name("window") @Description("The window [from, to) and bucket size.") WindowInput window) {
        return perStream(streams, () -> {
            guard.requireOneArgumentSet("finishedItems");
            rules.window(window);
        }, ids -> metrics.finishedItems(ids, window), Lists::orEmpty);
    }

    @Name("alerts")
    @Description("WIP_LIMIT and SLE_BREACH alerts open at some time in the window, by since, then id.")
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
    public Uni<@NonNull List<@NonNull List<@NonNull Alert>>> alerts(@Source List<ValueStream> streams,
            @NonNull @Name("window") @Description("The window [from, to) and bucket size.") WindowInput window) {
        return perStream(streams, () -> {
            guard.requireOneArgumentSet("alerts");
            rules.window(window);
        }, ids -> metrics.alerts(ids, window), Lists::orEmpty);
    }

    private static List<String> ids(List<ValueStream> streams) {
        return streams.stream().map(ValueStream::id).distinct().toList();
    }

    /**
     * The answer for each stream, in the order of the batch; a stream missing from the answer
     * gets f(null). The checks run now, on the resolver's thread (the guard reads the
     * operation from the GraphQL context); the call is started by SmallRye GraphQL's
     * subscription and does not block, so the other metric fields of the query run meanwhile.
     * A failed check and a failed call both reach the caller as a failed {@link Uni}.
     */
    private static <T, R> Uni<List<R>> perStream(List<ValueStream> streams, Runnable checks,
            Function<List<String>, Uni<Map<String, T>>> call, Function<T, R> f) {
        try {
            checks.run();
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        return call.apply(ids(streams)).map(answer -> {
            Map<String, T> byId = answer == null ? Map.of() : answer;
            return streams.stream().map(stream -> f.apply(byId.get(stream.id()))).toList();
        });
    }
}
