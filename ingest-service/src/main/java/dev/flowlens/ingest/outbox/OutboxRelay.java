package dev.flowlens.ingest.outbox;

import dev.flowlens.ingest.config.IngestConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to the {@code flow.events} exchange with publisher confirms (one wait per
 * batch, see {@link BrokerPublisher}). What is still to publish is listed in {@code outbox_pending}; a
 * round removes its rows from there in the transaction that publishes them. Runs when events were just
 * accepted and on a timer (which also picks up rows a failed round left behind). Several instances may
 * run: rows are claimed with {@code FOR UPDATE SKIP LOCKED}; a row published twice (confirmed, then the
 * commit failed) is harmless because consumers are idempotent on the event id.
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

    /**
     * Asks for a publication round soon (after the linger time); rounds never overlap within one instance. Under a
     * steady stream of webhook deliveries, each waking the relay, a round per delivery published one or two events
     * per transaction and per broker message: the broker, PostgreSQL (a commit each) and metrics-service (a
     * transaction per message) then worked per delivery. Lingering lets a round take what arrives meanwhile.
     */
    public void wakeUp() {
        pending.set(true);
        if (running.compareAndSet(false, true)) {
            afterLinger();
        }
    }

    /** Runs a round once the linger time has passed (the caller holds {@code running}). */
    private void afterLinger() {
        Duration linger = config.relay().linger();
        if (linger.isZero() || linger.isNegative()) {
            loop();
            return;
        }
        Uni.createFrom().voidItem().onItem().delayIt().by(linger).subscribe().with(ignored -> loop(), failure -> {
            LOG.warnf("outbox relay could not wait for its round, the timer retries: %s", failure.getMessage());
            running.set(false);
        });
    }

    @Scheduled(every = "${flowlens.ingest.relay.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        wakeUp();
    }

    /**
     * Vacuums the relay's queue table. Every published event leaves a dead row and a dead index entry in
     * {@code outbox_pending}, and each claim walks the primary key from its start: without vacuum, claims slow down
     * as the dead entries pile up. The table has its own aggressive autovacuum settings (V4), but a server may run
     * with autovacuum off (this project's CI server does), so the relay does not rely on it. Cheap: the table holds
     * only what is not published yet.
     */
    @Scheduled(every = "${flowlens.ingest.relay.vacuum-interval:1m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> vacuum() {
        return pool.query("vacuum (analyze) ingest.outbox_pending").execute().replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("vacuum of ingest.outbox_pending failed, next run retries: %s",
                        e.getMessage()))
                .onFailure().recoverWithNull();
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
                afterLinger();
            }
        }, failure -> {
            LOG.warnf("outbox relay round failed, will retry: %s", failure.getMessage());
            running.set(false);
        });
    }

    /**
     * Claims, publishes and releases one batch in one transaction; the item is the number of rows claimed. The
     * claim deletes the rows' {@code outbox_pending} entries (locked, skipping rows another instance holds); they
     * are gone for good only if the broker confirmed every message, else the transaction rolls back and they are
     * pending again. A crashed instance's transaction ends with its connection, so no claim outlives its owner.
     */
    Uni<Integer> publishOneRound() {
        // Two statements, each with a plan that cannot go wrong: the claim walks outbox_pending's primary key in
        // order, the read fetches the claimed rows by the outbox's primary key. (One statement joining the claim to
        // the outbox was planned while the tables were empty and then kept joining by a scan of the whole outbox,
        // seconds per round at a million rows.) The claimed ids go through an array so that the delete finds them by
        // primary key whatever the table's statistics say: `in (subquery)` could be planned as a scan of the whole
        // queue before the first analyze.
        return pool.withTransaction(conn -> conn.preparedQuery("""
                delete from ingest.outbox_pending where outbox_id = any(array(
                    select outbox_id from ingest.outbox_pending order by outbox_id limit $1 for update skip locked))
                returning outbox_id""")
                .execute(Tuple.of(Math.max(1, config.relay().batchSize())))
                .flatMap(claimed -> {
                    if (claimed.rowCount() == 0) {
                        return Uni.createFrom().item((RowSet<Row>) null);
                    }
                    Long[] ids = new Long[claimed.rowCount()];
                    int i = 0;
                    for (Row r : claimed) {
                        ids[i++] = r.getLong(0);
                    }
                    return conn.preparedQuery("""
                            select id, event_id, event_type, convert_to(payload, 'UTF8') from ingest.outbox
                            where id = any($1) order by id""").execute(Tuple.of(ids));
                })
                .flatMap(rows -> {
                    if (rows == null || rows.rowCount() == 0) {
                        return Uni.createFrom().item(0);
                    }
                    List<BrokerPublisher.Outgoing> batch = new ArrayList<>(rows.rowCount());
                    for (Row row : rows) {
                        batch.add(new BrokerPublisher.Outgoing(row.getString("event_id"), row.getString("event_type"),
                                row.getBuffer(3).getBytes()));
                    }
                    return publisher.publish(batch, config.relay().eventsPerMessage(), config.relay().confirmTimeout())
                            .onFailure().invoke(failure -> {
                                failed.increment(batch.size());
                                LOG.warnf("broker did not confirm %d events, they stay in the outbox: %s",
                                        batch.size(), failure.getMessage());
                            })
                            .map(ignored -> {
                                published.increment(batch.size());
                                return batch.size();
                            });
                }))
                // an unconfirmed batch rolled back: this round published nothing, the timer tries again
                .onFailure().recoverWithItem(0);
    }
}
