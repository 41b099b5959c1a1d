package dev.flowlens.internalapi.metrics;

import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

/**
 * A value stream as metrics-service stores and answers it (its JSON is this record). metrics-service's checks and
 * normalising are functions over it ({@code dev.flowlens.metrics.calc.ValueStreams}); the metric fields of the
 * GraphQL type are the gateway's batched resolvers ({@code ValueStreamApi}, {@code @Source ValueStream}).
 */
@Description("A value stream: the stages work flows through, what counts as done, and which items, services and "
        + "repositories belong to it. Its metric fields take a time window.")
public record ValueStream(
        @NonNull @Id @Description("Stable identifier (UUID).") String id,
        @NonNull @Description("Display name.") String name,
        @NonNull @Description("Which items, services and repositories belong to the stream.") Scope scope,
        @NonNull @Description("Stages in flow order, left to right.") List<@NonNull Stage> stages,
        @NonNull @Description("Statuses that mean done.") List<@NonNull String> doneStatuses,
        @NonNull @Description("Deployment environments that count as production for DORA.") List<@NonNull String> productionEnvironments,
        @NonNull @Description("Groups allowed to see the stream; empty = every viewer. Admins see all.") List<@NonNull String> visibleToGroups,
        @NonNull @Description("How incidents are attributed to the stream's deployments (DORA).") IncidentAttribution incidentAttribution,
        @Description("Service level expectation; null when none is set.") Sle sle) {

    /**
     * Lists omitted from JSON (or null) are empty, an omitted scope lets everything through, an omitted incident
     * attribution is explicit only (windowHours 0).
     */
    public ValueStream {
        stages = Lists.orEmpty(stages);
        doneStatuses = Lists.orEmpty(doneStatuses);
        scope = scope == null ? Scope.all() : scope;
        productionEnvironments = Lists.orEmpty(productionEnvironments);
        visibleToGroups = Lists.orEmpty(visibleToGroups);
        incidentAttribution = incidentAttribution == null ? IncidentAttribution.EXPLICIT_ONLY : incidentAttribution;
    }

    /** A stream with the defaults of the contract v2 settings (explicit incident attribution only, no SLE). */
    public ValueStream(String id, String name, Scope scope, List<Stage> stages, List<String> doneStatuses,
            List<String> productionEnvironments, List<String> visibleToGroups) {
        this(id, name, scope, stages, doneStatuses, productionEnvironments, visibleToGroups, null, null);
    }

    /** A stream without an SLE. */
    public ValueStream(String id, String name, Scope scope, List<Stage> stages, List<String> doneStatuses,
            List<String> productionEnvironments, List<String> visibleToGroups, IncidentAttribution incidentAttribution) {
        this(id, name, scope, stages, doneStatuses, productionEnvironments, visibleToGroups, incidentAttribution, null);
    }
}
