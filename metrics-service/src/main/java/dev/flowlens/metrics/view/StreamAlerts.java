package dev.flowlens.metrics.view;

import dev.flowlens.internalapi.metrics.Alert;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.metric.AlertCalculator;
import dev.flowlens.metrics.calc.timeline.Timeline;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each stream's alerts over all its facts ({@link AlertCalculator#all}), computed once per published view of the
 * stream rather than per query: a view whose definition and timelines are the very objects of the last computation
 * (the cache publishes new ones only when something changed) reuses its alerts. A window or an asOf is then a cut of
 * that list ({@link AlertCalculator#inWindow}, {@link AlertCalculator#asOf}). Thread-safe.
 */
@ApplicationScoped
public class StreamAlerts {

    private record Computed(ValueStream stream, List<Timeline> timelines, List<Alert> alerts) {
    }

    private final ConcurrentHashMap<String, Computed> byStream = new ConcurrentHashMap<>();

    /** The stream's alerts of all its facts, ordered by since, then id (until null: not ended by any fact). */
    public List<Alert> all(StreamView view) {
        String id = view.stream().id();
        Computed c = byStream.get(id);
        if (c != null && c.stream == view.stream() && c.timelines == view.timelines()) {
            return c.alerts;
        }
        List<Alert> alerts = List.copyOf(AlertCalculator.all(view.index(), view.timelines()));
        byStream.put(id, new Computed(view.stream(), view.timelines(), alerts));
        return alerts;
    }

    /** Forgets the streams not in {@code live} (deleted ones). */
    public void retain(Set<String> live) {
        byStream.keySet().retainAll(live);
    }
}
