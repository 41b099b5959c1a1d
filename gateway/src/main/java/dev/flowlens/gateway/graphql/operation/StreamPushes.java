package dev.flowlens.gateway.graphql.operation;

import dev.flowlens.gateway.client.MetricsClient;
import dev.flowlens.gateway.security.Visibility.Viewer;
import io.smallrye.mutiny.Multi;
import java.util.List;
import java.util.function.Function;

/**
 * The pushes of one value stream's subscription ({@code flowChanged}, {@code alertRaised}): none at all, completing at
 * once, for a stream the caller may not see or that does not exist; otherwise each notice of that stream, checked
 * again against the groups the stream has when it is pushed (the notice carries them).
 */
final class StreamPushes {

    private StreamPushes() {
    }

    /**
     * @param notices  the feed's hot stream of notices of every stream
     * @param streamOf the value stream id a notice is about
     * @param groupsOf the stream's visibleToGroups as the notice carries them
     * @param push     what the subscription pushes for a notice
     */
    static <N, T> Multi<T> of(MetricsClient metrics, Viewer viewer, String valueStreamId, Multi<N> notices,
            Function<N, String> streamOf, Function<N, List<String>> groupsOf, Function<N, T> push) {
        return metrics.valueStreamAsync(valueStreamId)
                .map(found -> found.filter(s -> viewer.canSee(s.visibleToGroups())).isPresent())
                .onItem().transformToMulti(visible -> visible
                        ? notices.filter(n -> valueStreamId.equals(streamOf.apply(n)) && viewer.canSee(groupsOf.apply(n)))
                                .map(push)
                        : Multi.createFrom().<T>empty());
    }
}
