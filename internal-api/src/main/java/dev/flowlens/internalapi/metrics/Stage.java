package dev.flowlens.internalapi.metrics;

import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/** One stage of a value stream. */
@Description("One stage of a value stream, left to right.")
public record Stage(
        @NonNull @Description("Stage name, unique in its value stream.") String name,
        @NonNull @Description("Tool statuses that put an item in this stage (case-insensitive, trimmed).") List<@NonNull String> statuses,
        @NonNull @Description("Whether time here is active work or waiting.") StageKind kind,
        @Description("Most items the stage should hold at once; null = no limit. More raise a WIP_LIMIT alert.") Integer wipLimit) {

    public Stage {
        statuses = Lists.orEmpty(statuses);
    }

    /** A stage without a WIP limit. */
    public Stage(String name, List<String> statuses, StageKind kind) {
        this(name, statuses, kind, null);
    }
}
