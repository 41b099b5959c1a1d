package dev.flowlens.internalapi.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.smallrye.graphql.api.Nullable;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

/** A value stream to create (no id) or replace (id); sent to metrics-service as is. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Description("A value stream to create (without id) or replace (with id).")
@Input("ValueStreamInput")
public record ValueStreamInput(
        @Id @Description("Id of the stream to replace; omit to create one.") String id,
        @NonNull @Description("Display name.") String name,
        @Description("Which items, services and repositories belong to it; omitted = all.") ScopeInput scope,
        @NonNull @Description("Stages in flow order.") List<@NonNull StageInput> stages,
        @NonNull @Description("Statuses that mean done.") List<@NonNull String> doneStatuses,
        @Nullable @Description("Production environments for DORA; default [\"production\", \"prod\"].") List<@NonNull String> productionEnvironments,
        @Nullable @Description("Groups allowed to see it; omitted or empty = every viewer.") List<@NonNull String> visibleToGroups,
        @Nullable @Description("How incidents are attributed to deployments; omitted = explicit only (windowHours 0).") IncidentAttributionInput incidentAttribution,
        @Description("Service level expectation; omitted = none.") SleInput sle) {
}
