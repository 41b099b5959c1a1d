package dev.flowlens.ingest.outbox;

import dev.flowlens.ingest.config.IngestConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;

/**
 * Deletes published outbox rows older than {@code flowlens.ingest.outbox.keep-sent}, 10,000 per statement so no
 * transaction grows large. Rows still pending are never touched. The raw archive is not affected: replay reads it.
 */
@ApplicationScoped
public class OutboxCleanup {

    private static final Logger LOG = Logger.getLogger(OutboxCleanup.class);
    static final int CHUNK = 10_000;

    private final Pool pool;
    private final IngestConfig config;

    public OutboxCleanup(Pool pool, IngestConfig config) {
        this.pool = pool;
        this.config = config;
    }

    @Scheduled(every = "${flowlens.ingest.outbox.cleanup-interval:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return deleteOlderThan(OffsetDateTime.now(ZoneOffset.UTC).minus(config.outbox().keepSent()))
                .invoke(n -> {
                    if (n > 0) {
                        LOG.infof("outbox clean-up: deleted %d published rows older than %s", n,
                                config.outbox().keepSent());
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("outbox clean-up failed, next run retries: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Deletes published rows created before {@code cutoff}; the item is how many. */
    public Uni<Long> deleteOlderThan(OffsetDateTime cutoff) {
        return chunk(cutoff, 0);
    }

    private Uni<Long> chunk(OffsetDateTime cutoff, long sofar) {
        return pool.preparedQuery("""
                delete from ingest.outbox where id in (
                    select o.id from ingest.outbox o
                    where o.created_at < $1
                      and not exists (select 1 from ingest.outbox_pending p where p.outbox_id = o.id)
                    limit $2)""")
                .execute(Tuple.of(cutoff, CHUNK))
                .flatMap(rows -> rows.rowCount() < CHUNK ? Uni.createFrom().item(sofar + rows.rowCount())
                        : chunk(cutoff, sofar + rows.rowCount()));
    }
}
