package dev.flowlens.metrics.change;

import dev.flowlens.events.FlowChangeNotice;
import dev.flowlens.internalapi.metrics.FlowMetrics;
import dev.flowlens.internalapi.metrics.Granularity;
import dev.flowlens.metrics.calc.Window;
import dev.flowlens.metrics.calc.metric.FlowCalculator;
import dev.flowlens.metrics.view.FactCache;
import dev.flowlens.metrics.view.StreamView;
import dev.flowlens.metrics.view.ViewSnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Announces on {@code flow.changes} which value streams new facts changed (ARCHITECTURE.md "Messages"), for the
 * gateway's {@code flowChanged} subscription. Every {@link ChangeConfig#checkInterval()} it compares this instance's
 * fact-cache snapshot with the one it saw last: a stream whose view was rebuilt (its items, its definition or the
 * DORA facts changed) is due a notice with its current velocity and load, sent at once unless the stream had one less
 * than {@link ChangeConfig#minGap()} ago, in which case it is sent when that gap has passed (debounce: at most one
 * notice per stream per second, none lost). So a change is announced within about check interval + cache poll
 * interval of the commit of its facts.
 *
 * <p>Every instance sees every change (they all poll the same database), so only the holder of the
 * {@link AnnouncerLease} announces; the others keep their last-seen snapshot current and take over if it goes away.
 * Notices are best effort: one lost while the broker is down only delays a dashboard's refresh, it loses no fact.
 */
@ApplicationScoped
public class FlowChangeAnnouncer {
    static final String CHANNEL = "flow-changes";
    private static final Logger LOG = Logger.getLogger(FlowChangeAnnouncer.class);

    private final FactCache cache;
    private final AnnouncerLease lease;
    private final ChangeConfig config;
    private final BestEffortPublisher publisher;
    private final Clock clock;
    /** The views seen at the last tick, by stream id; null before the first tick after the cache loaded. */
    private Map<String, StreamView> lastSeen;
    /** Streams changed but not announced yet (inside their gap), and when each was last announced. */
    private final Set<String> due = new HashSet<>();
    private final Map<String, Instant> lastAnnounced = new HashMap<>();

    public FlowChangeAnnouncer(FactCache cache, AnnouncerLease lease, ChangeConfig config,
            @Channel(CHANNEL) Emitter<byte[]> emitter, MeterRegistry registry) {
        this.cache = cache;
        this.lease = lease;
        this.config = config;
        this.clock = Clock.systemUTC();
        this.publisher = new BestEffortPublisher(emitter, registry, "flowlens.changes",
                "Value stream change notices published on flow.changes",
                "Value stream change notices the broker did not take");
    }

    @Scheduled(every = "${flowlens.changes.check-interval:200ms}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            check();
        } catch (RuntimeException e) {
            // e.g. the outgoing channel not wired yet during start-up: the changes stay due for the next tick
            LOG.debugf("change announcement skipped this tick: %s", e.getMessage());
        }
    }

    private void check() {
        if (!cache.ready()) {
            return;
        }
        ViewSnapshot snapshot = cache.snapshot();
        changedSince(snapshot).forEach(v -> due.add(v.stream().id()));
        due.retainAll(snapshot.streams().keySet()); // deleted meanwhile
        if (due.isEmpty()) {
            return;
        }
        if (!lease.holds()) {
            due.clear(); // the lease holder announces these
            return;
        }
        Instant now = clock.instant();
        Window trailing = new Window(now.minus(config.velocityWindow()), now, Granularity.WEEK);
        for (Iterator<String> it = due.iterator(); it.hasNext(); ) {
            String id = it.next();
            Instant last = lastAnnounced.get(id);
            if (last != null && now.isBefore(last.plus(config.minGap()))) {
                continue; // inside its gap: announced at a later tick
            }
            it.remove();
            lastAnnounced.put(id, now);
            StreamView view = snapshot.streams().get(id);
            FlowMetrics flow = FlowCalculator.flow(view.index(), view.timelines(), trailing, now);
            announce(new FlowChangeNotice(id, now, flow.velocity(), flow.load(), view.stream().visibleToGroups()));
        }
        lastAnnounced.keySet().retainAll(snapshot.streams().keySet());
    }

    /** The streams whose view is not the one seen at the last tick; none at the first tick (nothing to compare). */
    List<StreamView> changedSince(ViewSnapshot snapshot) {
        Map<String, StreamView> previous = lastSeen;
        lastSeen = snapshot.streams();
        if (previous == null) {
            return List.of();
        }
        List<StreamView> changed = new ArrayList<>();
        snapshot.streams().forEach((id, view) -> {
            if (previous.get(id) != view) {
                changed.add(view);
            }
        });
        return changed;
    }

    private void announce(FlowChangeNotice notice) {
        OutgoingRabbitMQMetadata metadata = OutgoingRabbitMQMetadata.builder()
                .withContentType(FlowChangeNotice.CONTENT_TYPE)
                .withRoutingKey("flow.changed")
                .withTimestamp(notice.at().atZone(java.time.ZoneOffset.UTC))
                .build();
        publisher.publish(notice.toJson(), metadata, "change notice for " + notice.valueStreamId());
    }

    void onStop(@Observes ShutdownEvent event) {
        lease.release();
    }
}
