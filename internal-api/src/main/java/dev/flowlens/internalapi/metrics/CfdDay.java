package dev.flowlens.internalapi.metrics;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/** One day of a cumulative flow diagram. */
@Description("One UTC day of a cumulative flow diagram: items per stage and done, at the day's end.")
public record CfdDay(
        @NonNull @Description("Start of the UTC day.") Instant day,
        @NonNull @Description("Items per stage at the day's end, in stage order.") List<@NonNull StageCount> stages,
        @Description("Items done at the day's end.") int done) {

    public CfdDay {
        stages = Lists.orEmpty(stages);
    }
}
