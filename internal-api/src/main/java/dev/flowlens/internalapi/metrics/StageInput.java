package dev.flowlens.internalapi.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

/** A stage to save; an omitted wipLimit stays out of the JSON sent to metrics-service. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Description("A stage of a value stream to save.")
@Input("StageInput")
public record StageInput(
        @NonNull @Description("Stage name, unique in its value stream.") String name,
        @NonNull @Description("Statuses of this stage; a status may belong to one stage only.") List<@NonNull String> statuses,
        @NonNull @Description("ACTIVE or WAITING.") StageKind kind,
        @Description("Most items the stage should hold at once (>= 0); omitted = no limit.") Integer wipLimit) {
}
