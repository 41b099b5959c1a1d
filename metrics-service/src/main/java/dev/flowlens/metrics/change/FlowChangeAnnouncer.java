package dev.flowlens.metrics.change;

import dev.flowlens.events.FlowChangeNotice;
import dev.flowlens.metrics.calc.FlowCalculator;
import dev.flowlens.metrics.calc.FlowMetrics;
import dev.flowlens.metrics.calc.Granularity;
import dev.flowlens.metrics.calc.Window;
import dev.flowlens.metrics.view.FactCache;
import dev.flowlens.metrics.view.StreamView;
import dev.flowlens.metrics.view.ViewSnapshot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * Announces on {@code flow.changes} which value streams new facts changed (ARCHITECTURE.md "Messages"), for the
 * gateway's {@code flowChanged} subscription. Once per {@link ChangeConfig#interval()} it compares this instance's
 * fact-cache snapshot with the one it saw last: a stream whose view was rebuilt (its items, its definition or the
 * DORA facts changed) gets one notice with its current velocity and load. So a stream is announced at most once per
 * interval, and within about interval + cache poll interval of the commit of its facts.
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
    private final Emitter<byte[]> emitter;
    private final Clock clock;
    private final Counter sent;
    private final Counter failed;
    /** The views seen at the last tick, by stream id; null before the first tick after the cache loaded. */
    private Map<String, StreamView> lastSeen;

    public FlowChangeAnnouncer(FactCache cache, AnnouncerLease lease, ChangeConfig config,
            @Channel(CHANNEL) Emitter<byte[]> emitter, MeterRegistry registry) {
        this.cache = cache;
        this.lease = lease;
        this.config = config;
        this.emitter = emitter;
        this.clock = Clock.systemUTC();
        this.sent = Counter.builder("flowlens.changes.announced")
                .description("Value stream change notices published on flow.changes").register(registry);
        this.failed = Counter.builder("flowlens.changes.failed")
                .description("Value stream change notices the broker did not take").register(registry);
    }

    @Scheduled(every = "${flowlens.changes.interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!cache.ready()) {
            return;
        }
        ViewSnapshot snapshot = cache.snapshot();
        List<StreamView> changed = changedSince(snapshot);
        if (changed.isEmpty() || !lease.holds()) {
            return;
        }
        Instant now = clock.instant();
        Window trailing = new Window(now.minus(config.velocityWindow()), now, Granularity.WEEK);
        for (StreamView view : changed) {
            FlowMetrics flow = FlowCalculator.flow(view.index(), view.timelines(), trailing, now);
            announce(new FlowChangeNotice(view.stream().id(), now, flow.velocity(), flow.load(),
                    view.stream().visibleToGroups()));
        }
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
        try {
            emitter.send(Message.of(notice.toJson(), Metadata.of(metadata), () -> {
                sent.increment();
                return java.util.concurrent.CompletableFuture.completedFuture(null);
            }, failure -> {
                failed.increment();
                LOG.debugf("change notice for %s not published: %s", notice.valueStreamId(), failure.getMessage());
                return java.util.concurrent.CompletableFuture.completedFuture(null);
            }));
        } catch (RuntimeException e) {
            // the emitter's buffer is full while the broker is away: drop, the next change announces again
            failed.increment();
            LOG.debugf("change notice for %s dropped: %s", notice.valueStreamId(), e.getMessage());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        lease.release();
    }
}
