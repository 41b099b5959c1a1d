package dev.flowlens.ingest.outbox;

import dev.flowlens.events.BrokerTopology;
import dev.flowlens.ingest.config.IngestConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to the {@code flow.events} exchange with publisher confirms and marks them
 * sent. Runs when events were just accepted and on a timer (which also picks up rows a crashed or
 * disconnected round left behind). Several instances may run: rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED} and a claim timeout; a row published twice is harmless because
 * consumers are idempotent on the event id.
 */
@ApplicationScoped
public class OutboxRelay {

    static final String CHANNEL = "flow-events-out";
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final Pool pool;
    private final MutinyEmitter<String> emitter;
    private final IngestConfig config;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final Counter published;
    private final Counter failed;

    public OutboxRelay(Pool pool, @Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 8192)
            MutinyEmitter<String> emitter, IngestConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.emitter = emitter;
        this.config = config;
        this.published = Counter.builder("flowlens.outbox.published").description("Outbox events confirmed by the broker")
                .register(registry);
        this.failed = Counter.builder("flowlens.outbox.publish.failed")
                .description("Outbox events the broker did not confirm (retried later)").register(registry);
    }

    /** Asks for a publication round soon; rounds never overlap within one instance. */
    public void wakeUp() {
        pending.set(true);
        if (running.compareAndSet(false, true)) {
            loop();
        }
    }

    @Scheduled(every = "${flowlens.ingest.relay.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        wakeUp();
    }

    private void loop() {
        pending.set(false);
        publishOneRound().subscribe().with(count -> {
            if (count >= config.relay().batchSize()) {
                loop();
                return;
            }
            running.set(false);
            if (pending.get() && running.compareAndSet(false, true)) {
                loop();
            }
        }, failure -> {
            LOG.warnf("outbox relay round failed, will retry: %s", failure.getMessage());
            running.set(false);
        });
    }

    /** Claims, publishes and marks one batch; the item is the number of rows claimed. */
    Uni<Integer> publishOneRound() {
        return claim().flatMap(rows -> {
            if (rows.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            List<Uni<Long>> sends = new ArrayList<>(rows.size());
            for (Row row : rows) {
                sends.add(send(row));
            }
            return Uni.join().all(sends).andCollectFailures()
                    .ifNoItem().after(config.relay().confirmTimeout()).fail()
                    .onFailure().recoverWithItem(List.of())
                    .flatMap(confirmed -> markSent(confirmed.stream().filter(Objects::nonNull).toList()))
                    .map(ignored -> rows.size());
        });
    }

    private Uni<List<Row>> claim() {
        return pool.preparedQuery("""
                update ingest.outbox set claimed_until = now() + make_interval(secs => $2)
                where id in (select id from ingest.outbox
                             where sent_at is null and (claimed_until is null or claimed_until < now())
                             order by id limit $1 for update skip locked)
                returning id, event_id, event_type, payload""")
                .execute(Tuple.of(config.relay().batchSize(), (double) config.relay().claimTimeout().toSeconds()))
                .map(rowSet -> {
                    List<Row> rows = new ArrayList<>(rowSet.rowCount());
                    rowSet.forEach(rows::add);
                    return rows;
                });
    }

    private Uni<Long> send(Row row) {
        long id = row.getLong("id");
        String eventId = row.getString("event_id");
        OutgoingRabbitMQMetadata meta = OutgoingRabbitMQMetadata.builder()
                .withRoutingKey(row.getString("event_type"))
                .withMessageId(eventId)
                .withHeader(BrokerTopology.CE_ID_HEADER, eventId)
                .withContentType(BrokerTopology.CLOUDEVENTS_JSON)
                .withDeliveryMode(2)
                .build();
        return emitter.sendMessage(Message.of(row.getString("payload"), Metadata.of(meta)))
                .map(ignored -> id)
                .onFailure().recoverWithItem(failure -> {
                    failed.increment();
                    return null;
                });
    }

    private Uni<Void> markSent(List<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        published.increment(ids.size());
        return pool.preparedQuery("update ingest.outbox set sent_at = now(), claimed_until = null where id = any($1)")
                .execute(Tuple.of(ids.toArray(Long[]::new)))
                .replaceWithVoid();
    }
}
