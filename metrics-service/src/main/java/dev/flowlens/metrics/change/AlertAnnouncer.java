package dev.flowlens.metrics.change;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowlens.internalapi.metrics.Alert;
import dev.flowlens.internalapi.metrics.AlertNotice;
import dev.flowlens.metrics.calc.metric.AlertCalculator;
import dev.flowlens.metrics.notify.NotifierOutbox;
import dev.flowlens.metrics.view.FactCache;
import dev.flowlens.metrics.view.StreamAlerts;
import dev.flowlens.metrics.view.StreamView;
import dev.flowlens.metrics.view.ViewSnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Raises and ends alerts live (ARCHITECTURE.md "Contract v2 additions"): every {@link ChangeConfig#checkInterval()} it
 * takes each stream's alerts as of now (the very alerts {@code alerts(window)} answers, {@link StreamAlerts} cut at
 * now) and announces on {@code flow.alerts} the ones raised or ended since the last look ({@link AlertChanges}), for
 * the gateway's {@code alertRaised}. The first look after start-up is history; a stream created or redefined later
 * announces the alerts it has open. A stream is looked at again when its view changed (new facts, a new definition)
 * or when now passed the next instant at which its alerts change by themselves (an SLE breach begins when its instant
 * passes). Since the alerts are derived from the facts, the order in which facts arrive changes only when an alert is
 * announced, never which.
 *
 * <p>Only the holder of the {@link AnnouncerLease} (the flow.changes announcer's) publishes; the others keep looking,
 * so that one taking over announces only what is new from then on. Best effort, like flow.changes: a notice the
 * broker does not take is not sent again (notifiers, with their own outbox, are the way that loses nothing: every
 * instance hands its news to {@link NotifierOutbox}, whatever the lease).
 */
@ApplicationScoped
public class AlertAnnouncer {
    static final String CHANNEL = "flow-alerts";
    private static final Logger LOG = Logger.getLogger(AlertAnnouncer.class);

    private final FactCache cache;
    private final StreamAlerts alerts;
    private final AnnouncerLease lease;
    private final BestEffortPublisher publisher;
    private final ObjectMapper json;
    private final Clock clock;
    private final Map<String, Watched> watched = new HashMap<>();
    private final NotifierOutbox outbox;
    /** Streams whose alerts the notifiers' outbox must catch up on (an enqueue failed). */
    private final Set<String> notifierCatchUp = new HashSet<>();
    /** The streams some notifier receives, read once per check when a catch-up needs it. */
    private Set<String> streamsWithNotifiers;
    /** Whether the streams were looked at once already (the first look is history, {@link AlertChanges.Look}). */
    private boolean looked;

    /** One stream as last looked at: its view, what was news, and when its alerts next change by themselves. */
    private static final class Watched {
        final AlertChanges changes = new AlertChanges();
        StreamView view;
        Instant next;
    }

    public AlertAnnouncer(FactCache cache, StreamAlerts alerts, AnnouncerLease lease,
            @Channel(CHANNEL) Emitter<byte[]> emitter, ObjectMapper json, MeterRegistry registry, NotifierOutbox outbox) {
        this.outbox = outbox;
        this.cache = cache;
        this.alerts = alerts;
        this.lease = lease;
        this.json = json;
        this.clock = Clock.systemUTC();
        this.publisher = new BestEffortPublisher(emitter, registry, "flowlens.alerts",
                "Alerts raised or ended, published on flow.alerts", "Alert notices the broker did not take");
    }

    @Scheduled(every = "${flowlens.changes.check-interval:200ms}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.debugf("alert announcement skipped this tick: %s", e.getMessage());
        }
    }

    private void check() {
        if (!cache.ready()) {
            return;
        }
        ViewSnapshot snapshot = cache.snapshot();
        Instant now = clock.instant();
        boolean firstLook = !looked;
        looked = true;
        streamsWithNotifiers = null;
        snapshot.streams().forEach((id, view) -> {
            Watched w = watched.computeIfAbsent(id, k -> new Watched());
            if (w.view == view && (w.next == null || !now.isAfter(w.next)) && !notifierCatchUp.contains(id)) {
                return; // nothing new: same facts, and no alert began or ended by the clock since
            }
            AlertChanges.Look look = firstLook ? AlertChanges.Look.BASELINE
                    : w.view == null || !w.view.stream().equals(view.stream()) ? AlertChanges.Look.NEW_DEFINITION
                            : AlertChanges.Look.NEW_FACTS;
            List<Alert> all = alerts.all(view);
            w.view = view;
            w.next = AlertChanges.nextChange(all, now);
            List<Alert> current = AlertCalculator.asOf(all, now);
            List<Alert> news = w.changes.since(current, look);
            // the lease is asked only when there is news (each ask may cost a database round trip)
            if (!news.isEmpty() && lease.holds()) {
                news.forEach(a -> announce(new AlertNotice(a, view.stream().visibleToGroups())));
            }
            toNotifiers(id, view.stream().name(), current, news, look == AlertChanges.Look.BASELINE, now);
        });
        notifierCatchUp.retainAll(snapshot.streams().keySet());
        watched.keySet().retainAll(snapshot.streams().keySet());
        alerts.retain(snapshot.streams().keySet());
    }

    /**
     * Hands the news to the notifiers' outbox, on every instance (its unique key keeps one row of each event). What
     * this look cannot know was missed, it catches up: after start-up (the events that happened while no instance
     * looked, within flowlens.notifiers.max-age) and after a failed enqueue (at the stream's next look, every tick).
     */
    private void toNotifiers(String id, String name, List<Alert> current, List<Alert> news, boolean baseline, Instant now) {
        try {
            if (baseline || notifierCatchUp.contains(id)) {
                if (streamsWithNotifiers == null) {
                    streamsWithNotifiers = outbox.streamsWithNotifiers();
                }
                if (streamsWithNotifiers.contains(id)) {
                    outbox.catchUp(id, name, current, now);
                }
            } else {
                outbox.enqueue(id, name, news);
            }
            notifierCatchUp.remove(id);
        } catch (RuntimeException e) {
            if (notifierCatchUp.add(id)) {
                LOG.warnf("alerts of value stream %s not put in the notifiers' outbox (%s); caught up at its next look",
                        id, e.getMessage());
            }
        }
    }

    private void announce(AlertNotice notice) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(notice);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Instant at = notice.alert().until() != null ? notice.alert().until() : notice.alert().since();
        OutgoingRabbitMQMetadata metadata = OutgoingRabbitMQMetadata.builder()
                .withContentType("application/json")
                .withRoutingKey("alert." + notice.alert().kind().name().toLowerCase(java.util.Locale.ROOT))
                .withMessageId(notice.alert().id() + (notice.alert().until() == null ? ":raised" : ":ended"))
                .withTimestamp(at.atZone(ZoneOffset.UTC))
                .build();
        publisher.publish(body, metadata, "alert " + notice.alert().id());
    }
}
