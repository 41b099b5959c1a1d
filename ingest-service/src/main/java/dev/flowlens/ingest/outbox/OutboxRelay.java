package dev.flowlens.ingest.outbox;

import dev.flowlens.ingest.config.IngestConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to the {@code flow.events} exchange with publisher confirms (one wait per
 * batch, see {@link BrokerPublisher}) and marks them
 * sent. Runs when events were just accepted and on a timer (which also picks up rows a crashed or
 * disconnected round left behind). Several instances may run: rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED} and a claim timeout; a row published twice is harmless because
 * consumers are idempotent on the event id.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final Pool pool;
    private final BrokerPublisher publisher;
    private final IngestConfig config;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final Counter published;
    private final Counter failed;

    public OutboxRelay(Pool pool, BrokerPublisher publisher, IngestConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.publisher = publisher;
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
            List<BrokerPublisher.Outgoing> batch = new ArrayList<>(rows.size());
            List<Long> ids = new ArrayList<>(rows.size());
            for (Row row : rows) {
                ids.add(row.getLong("id"));
                batch.add(new BrokerPublisher.Outgoing(row.getString("event_id"), row.getString("event_type"),
                        row.getString("payload")));
            }
            return publisher.publish(batch, config.relay().eventsPerMessage(), config.relay().confirmTimeout())
                    .onItem().transformToUni(ignored -> markSent(ids))
                    .onFailure().invoke(failure -> {
                        failed.increment(ids.size());
                        LOG.warnf("broker did not confirm %d events, they stay in the outbox: %s", ids.size(),
                                failure.getMessage());
                    })
                    .onFailure().recoverWithNull()
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
