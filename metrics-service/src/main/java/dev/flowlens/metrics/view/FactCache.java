package dev.flowlens.metrics.view;

import dev.flowlens.events.DeploymentStatus;
import dev.flowlens.events.ItemType;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.Scopes;
import dev.flowlens.metrics.calc.Times;
import dev.flowlens.metrics.calc.fact.ChangeFact;
import dev.flowlens.metrics.calc.fact.DeploymentFact;
import dev.flowlens.metrics.calc.fact.IncidentFact;
import dev.flowlens.metrics.calc.fact.ReviewFact;
import dev.flowlens.metrics.calc.fact.Transition;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import dev.flowlens.metrics.facts.FactReader;
import dev.flowlens.metrics.stream.ValueStreamStore;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.postgresql.PGStatement;

/**
 * This instance's copy of the facts, as per-stream views ({@link ViewState}), loaded at start and kept up to date by
 * polling PostgreSQL for what changed. Every instance polls the same database, so every instance converges on the
 * same views whatever messages it consumed itself.
 *
 * <p><b>Change tracking.</b> Every fact row and value stream carries {@code txid}, the id of the transaction that
 * last wrote it (V2__change_tracking.sql). Poll k runs in one REPEATABLE READ transaction, so all its statements see
 * one snapshot S_k; it reads X_k = pg_snapshot_xmin(S_k), the oldest transaction still running when S_k was taken,
 * and the rows with {@code txid >= X_(k-1)}. Rows seen twice are applied twice, which is harmless (a batch holds
 * current states).
 *
 * <p><b>Why no committed row is missed.</b> Claim: after poll k, every row version visible in S_k is applied.
 * Take such a version, written by transaction T. If T &gt;= X_(k-1), poll k reads it. Otherwise T &lt; X_(k-1) =
 * xmin(S_(k-1)): T had finished when S_(k-1) was taken, so it was committed and visible in S_(k-1) too. No later
 * transaction replaced it before S_k, since any write of the row sets txid to the writer's id and S_k would show that
 * version instead. So the version was visible in S_(k-1) and, by induction, applied by poll k-1 (the first load reads
 * everything of S_0). The other way round: a transaction invisible to S_(k-1) was either running at S_(k-1), hence
 * &gt;= its xmin, or got its id later, hence greater than every id S_(k-1) knew; either way its txid &gt;=
 * X_(k-1), so poll k or a later one reads it. A deleted value stream is a tombstone row ({@code deleted}), never a
 * vanished one, so deletions travel the same way; a deleted work item is a {@code deleted_item} row.
 *
 * <p><b>Changed transitions.</b> A poll reloads every item with a changed row, all its transitions from the database,
 * and replaces the item's whole history: a transition whose content a newer mapping changed (same event id, higher
 * revision, see FactStore) replaces the old one, never stands beside it. When the newer mapping moved the transition
 * to another item, the item it left is in the row's {@code moved_from} and is reloaded too, without it.
 *
 * <p>A long-running transaction elsewhere holds xmin back, so polls re-read more rows meanwhile; they never miss any.
 * The poller uses the small JDBC pool (docs/decisions.md): a blocking loop on its own thread, streaming the items of a
 * load (the first, or a new stream's) with a server-side cursor. While it loads, a second thread reads that cursor
 * (the same connection, hence the same transaction and snapshot) and hands decoded rows to the poller, which alone
 * applies them to the state; the poller uses the connection again (items read again for ties, the commit) only after
 * the reader has stopped.
 */
@ApplicationScoped
public class FactCache {
    private static final Logger LOG = Logger.getLogger(FactCache.class);

    private final AgroalDataSource dataSource;
    private final ValueStreamStore streamStore;
    private final CacheConfig config;
    /** Holds only the items some value stream's scope takes (docs/sizing.md). */
    private final ViewState state = ViewState.scoped();
    private final AtomicLong polls = new AtomicLong();
    private final ConcurrentLinkedQueue<CompletableFuture<ViewSnapshot>> waiters = new ConcurrentLinkedQueue<>();
    private volatile ViewSnapshot snapshot = ViewSnapshot.EMPTY;
    private volatile boolean ready;
    /** Ids of the streams whose items a poll is loading right now (new or re-scoped streams), else empty. */
    private volatile Set<String> loading = Set.of();
    private ScheduledExecutorService executor;
    /** X_(k-1): only the poller thread touches it. */
    private long lastXmin;

    private final Timer pollTimer;
    private final Counter itemsReloaded;

    public FactCache(AgroalDataSource dataSource, ValueStreamStore streamStore, CacheConfig config,
            MeterRegistry registry) {
        this.dataSource = dataSource;
        this.streamStore = streamStore;
        this.config = config;
        this.pollTimer = Timer.builder("flowlens.cache.poll")
                .description("Polls of the fact cache: read what changed, apply it, publish a new snapshot")
                .register(registry);
        this.itemsReloaded = Counter.builder("flowlens.cache.items.reloaded")
                .description("Work items the fact cache reloaded because one of their facts changed").register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fact-cache-poller");
            t.setDaemon(true);
            return t;
        });
        executor.execute(this::firstLoad);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** The views as of the last completed poll; {@link ViewSnapshot#EMPTY} before the first load. */
    public ViewSnapshot snapshot() {
        return snapshot;
    }

    /**
     * Items held now, those of a load not yet published included (a count for logs and the heap warning, read
     * without waiting for the poller: it may be a chunk behind).
     */
    public int heldItems() {
        return state.itemCount();
    }

    /**
     * The streams a poll is loading the items of right now: saved, not yet published, and published only once all
     * their items are loaded (empty when none).
     */
    public Set<String> loadingStreams() {
        return loading;
    }

    /** True once the first load has completed. */
    public boolean ready() {
        return ready;
    }

    /** Polls completed (or failed) so far, the first load included. */
    public long pollCount() {
        return polls.get();
    }

    /**
     * Completes with the snapshot of the next poll that starts after this call (so it sees every transaction committed
     * before it), or of a failed one.
     */
    public CompletionStage<ViewSnapshot> nextPoll() {
        CompletableFuture<ViewSnapshot> f = new CompletableFuture<>();
        waiters.add(f);
        return f;
    }

    private void firstLoad() {
        List<CompletableFuture<ViewSnapshot>> waiting = drainWaiters();
        try {
            long started = System.nanoTime();
            load();
            ready = true;
            LOG.infof("fact cache loaded: %d items, %d value streams in %d ms", snapshot.items(),
                    snapshot.streams().size(), (System.nanoTime() - started) / 1_000_000);
            long every = Math.max(1, config.pollInterval().toMillis());
            executor.scheduleWithFixedDelay(this::pollSafely, every, every, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warnf("fact cache: first load failed, retrying in %s: %s", config.retryInterval(), e.getMessage());
            executor.schedule(this::firstLoad, config.retryInterval().toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            polls.incrementAndGet();
            waiting.forEach(w -> w.complete(snapshot));
        }
    }

    private void pollSafely() {
        List<CompletableFuture<ViewSnapshot>> waiting = drainWaiters();
        long started = System.nanoTime();
        try {
            poll();
            pollTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        } catch (Exception e) {
            LOG.warnf("fact cache: poll failed, next one in %s: %s", config.pollInterval(), e.getMessage());
        } finally {
            loading = Set.of();
            polls.incrementAndGet();
            waiting.forEach(w -> w.complete(snapshot));
        }
    }

    private List<CompletableFuture<ViewSnapshot>> drainWaiters() {
        List<CompletableFuture<ViewSnapshot>> out = new ArrayList<>();
        for (CompletableFuture<ViewSnapshot> f; (f = waiters.poll()) != null; ) {
            out.add(f);
        }
        return out;
    }

    /** The first load: everything in one snapshot, items streamed and applied in chunks. */
    private void load() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            begin(c);
            try {
                long xmin = xmin(c);
                state.apply(new FactBatch(List.of(), List.of(), changes(c, Long.MIN_VALUE),
                        deployments(c, Long.MIN_VALUE), incidents(c, Long.MIN_VALUE), List.of(), List.of(),
                        reviews(c, Long.MIN_VALUE)));
                List<ValueStream> saved = new ArrayList<>();
                List<String> deleted = new ArrayList<>();
                streams(c, Long.MIN_VALUE, saved, deleted);
                state.apply(new FactBatch(List.of(), List.of(), List.of(), List.of(), List.of(), saved, deleted));
                loadItems(c, null);
                c.commit();
                snapshot = state.publish();
                lastXmin = xmin;
            } finally {
                end(c);
            }
        }
    }

    private void poll() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            begin(c);
            FactBatch batch;
            long xmin;
            try {
                xmin = xmin(c);
                indexScansOnly(c);
                long since = lastXmin;
                List<String> changedItems = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("""
                        select item_id from metrics.work_item where txid >= ?
                        union select item_id from metrics.transition where txid >= ?
                        union select unnest(moved_from) from metrics.transition where txid >= ? and moved_from <> '{}'
                        union select item_id from metrics.deleted_item where txid >= ?""")) {
                    ps.setLong(1, since);
                    ps.setLong(2, since);
                    ps.setLong(3, since);
                    ps.setLong(4, since);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            changedItems.add(rs.getString(1));
                        }
                    }
                }
                List<WorkItemFacts> items = new ArrayList<>();
                List<String> removed = new ArrayList<>();
                itemsReloaded.increment(changedItems.size());
                reloadInBatches(c, changedItems, (batchItems, batchRemoved) -> {
                    items.addAll(batchItems);
                    removed.addAll(batchRemoved);
                });
                List<ValueStream> saved = new ArrayList<>();
                List<String> deleted = new ArrayList<>();
                streams(c, since, saved, deleted);
                batch = new FactBatch(items, removed, changes(c, since), deployments(c, since), incidents(c, since),
                        saved, deleted, reviews(c, since));
                loadNewScopes(c, batch);
                c.commit();
            } finally {
                end(c);
            }
            if (!batch.isEmpty()) {
                state.apply(batch);
                snapshot = state.publish();
            }
            lastXmin = xmin;
        }
    }

    private static void begin(Connection c) throws SQLException {
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        c.setReadOnly(true);
    }

    private static void end(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.rollback();
            c.setAutoCommit(true);
        }
        c.setReadOnly(false);
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
    }

    /**
     * Every statement of a poll reads a few rows through an index (rows written since the last poll, by txid; the
     * changed items, by id). Without table statistics, which a server with autovacuum off never gathers (this
     * project's CI server is one), the planner takes a third of the table for {@code txid >= ?} and scans all of it:
     * 970 sequential scans of a 909,090-row transition table during one backfill, the cache minutes behind. So a
     * poll tells the planner not to scan tables sequentially (it still does where no index serves).
     */
    private static void indexScansOnly(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("set local enable_seqscan = off")) {
            ps.execute();
        }
    }

    /** The first statement of the transaction: it fixes the snapshot that every later statement sees. */
    private static long xmin(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_snapshot_xmin(pg_current_snapshot())::text::bigint");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** An item's columns as the cache uses them: no title (docs/decisions.md, "Titles from PostgreSQL"). */
    private static final String ITEM_COLUMNS = "w.item_id, w.key, w.item_type, w.project, w.team, w.status,"
            + " w.created_at, w.url";

    private static WorkItemFacts item(ResultSet rs, List<Transition> transitions) throws SQLException {
        return new WorkItemFacts(rs.getString(1), rs.getString(2), null, ItemType.fromEvent(rs.getString(3)),
                rs.getString(4), rs.getString(5), rs.getString(6), instant(rs, 7), rs.getString(8), transitions);
    }

    private static Transition transition(ResultSet rs) throws SQLException {
        return new Transition(rs.getString(2), rs.getString(3), rs.getString(4), instant(rs, 5));
    }

    /**
     * A new stream, or one whose item scope changed, needs items the cache does not hold (it holds only what some
     * scope takes): its streams are applied and its items loaded in this poll's transaction, before anything is
     * published, so no snapshot shows the stream with part of its items; requests for it meanwhile wait as for any
     * stream saved since the last poll (MetricsResource). If the load fails, the streams are forgotten again, so that
     * the next poll (which reads the same rows again) loads them anew.
     */
    private void loadNewScopes(Connection c, FactBatch batch) throws SQLException {
        List<ValueStream> toLoad = state.streamsToLoad(batch);
        if (toLoad.isEmpty()) {
            return;
        }
        List<String> ids = toLoad.stream().map(ValueStream::id).toList();
        loading = Set.copyOf(ids); // until the poll publishes them (pollSafely) or fails
        try {
            state.apply(new FactBatch(List.of(), List.of(), List.of(), List.of(), List.of(), batch.streams(),
                    batch.deletedStreams()));
            loadItems(c, toLoad);
        } catch (SQLException | RuntimeException e) {
            state.forgetStreams(ids);
            throw e;
        }
    }

    /**
     * The items query of a load (the first, or a new stream's): one row per live item with its transitions as three
     * aligned columns, their times as {@code timestamptz_send} values concatenated in one bytea (eight bytes each,
     * microseconds: nothing to format or parse on either side; {@code extract(epoch ...)} computes in numeric and cost
     * PostgreSQL more than the rest of the query) and their from and to statuses as text arrays; null columns for an
     * item without transitions; createdAt the same way. The transitions of an item come in no particular order (an
     * ORDER BY in the aggregates was another third of PostgreSQL's time): the reader sorts them by time ({@link
     * LoadChunk}). Event ids are not read: they are unique (the primary key), so they only decide the order of
     * transitions at the same instant, and an item that has such a tie is read again by {@link #reloadItems} and built
     * from {@link Transition}s, which orders ties exactly as every other path does ({@code Timeline.sortedUnique}).
     * docs/sizing.md, "Restart".
     */
    static final String LOAD_ITEMS = "select w.item_id, w.key, w.item_type, w.project, w.team, w.status,"
            + " timestamptz_send(w.created_at), w.url, t.ats, t.froms, t.tos"
            + " from metrics.work_item w left join (select item_id, string_agg(timestamptz_send(at), ''::bytea) ats,"
            + " array_agg(from_status) froms, array_agg(to_status) tos from metrics.transition group by item_id) t"
            + " on t.item_id = w.item_id"
            + " where not exists (select 1 from metrics.deleted_item d where d.item_id = w.item_id)";

    /**
     * Streams the items of the snapshot ({@link #LOAD_ITEMS}) and applies those that {@code scopes} take (null, the
     * first load: those some held stream takes), logging progress every few seconds. The reader skips the other rows
     * before decoding their transitions. Two threads: a reader decodes rows (into
     * primitive arrays, {@link PgArrays}) and hands chunks of items through a short queue to this thread, which builds
     * their histories and day index entries meanwhile; only a few chunks are in memory besides the cache. Items with
     * transitions at the same instant are reloaded afterwards in the same transaction (see {@link #LOAD_ITEMS}).
     */
    private void loadItems(Connection c, List<ValueStream> scopes) throws SQLException {
        String what = scopes == null ? "work items" : "work items of value streams "
                + String.join(", ", scopes.stream().map(ValueStream::id).toList());
        long total;
        try (PreparedStatement ps = c.prepareStatement("select count(*) from metrics.work_item");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            total = rs.getLong(1);
        }
        LoadProgress progress = new LoadProgress(what, total);
        if (scopes == null) {
            // the first load: sized once for every row rather than grown (and every id hashed again) about 20 times
            state.expectItems(total);
        }
        List<String> tied = new ArrayList<>();
        // For this transaction only (docs/sizing.md, "Restart"): PostgreSQL's JIT compiled the query for seconds and
        // gained nothing on it; a hash join spilled work_item to disk and sent almost no rows for its first half, and
        // over 50,000,000 transitions the planner sorted the whole table before the first row: the builder idle
        // meanwhile. A merge join of two index-ordered scans streams from the first row.
        try (PreparedStatement ps = c.prepareStatement(
                "set local jit = off; set local enable_hashjoin = off; set local enable_sort = off")) {
            ps.execute();
        }
        try (PreparedStatement ps = c.prepareStatement(LOAD_ITEMS)) {
            // Never server-prepared: PgArrays decodes the text form of the bytea and the text[] columns, and from its
            // fifth use on one connection pgjdbc would prepare it on the server and take both kinds in binary (its
            // binary-transfer types include bytea and text[]), so getString would no longer give that form (seen: a
            // new stream's load failing on a long-lived connection).
            ps.unwrap(PGStatement.class).setPrepareThreshold(0);
            ps.setFetchSize(config.fetchSize());
            try (ResultSet rs = ps.executeQuery()) {
                // the reader may ask the state: the poller changes only items while the reader runs, never streams
                ItemFilter takes = scopes == null ? state::wanted : (project, team, type) -> anyTakes(scopes, project,
                        team, type);
                ChunkReader reader = new ChunkReader(rs, takes, progress);
                reader.start();
                try {
                    for (LoadChunk chunk; (chunk = reader.next()) != null; ) {
                        for (int k = 0; k < chunk.size; k++) {
                            WorkItemFacts item = chunk.items[k];
                            if (chunk.tied[k]) {
                                tied.add(item.itemId());
                            } else {
                                state.applyOrdered(item, chunk.ats, chunk.froms, chunk.tos, chunk.offsets[k],
                                        chunk.offsets[k + 1]);
                            }
                        }
                    }
                } finally {
                    reader.finish();
                }
            }
        }
        // every tied item passed the reader's filter, and this transaction reads the same rows again
        reloadInBatches(c, tied, (items, removed) -> applyItems(items));
        progress.done(tied.size());
    }

    /**
     * A load's reader thread: decodes the result set's rows into {@link LoadChunk}s and queues them (a few at
     * most, so the reader waits when the builder falls behind). The poller thread takes them with {@link #next()}
     * and, however the load ends, calls {@link #finish()} before it uses the connection again.
     */
    private final class ChunkReader implements Runnable {
        private static final LoadChunk END = new LoadChunk();
        private final ResultSet rs;
        private final ItemFilter takes;
        private final LoadProgress progress;
        private final BlockingQueue<LoadChunk> queue = new ArrayBlockingQueue<>(4);
        private final Thread thread;
        private volatile boolean stopped;
        private boolean ended;

        ChunkReader(ResultSet rs, ItemFilter takes, LoadProgress progress) {
            this.rs = rs;
            this.takes = takes;
            this.progress = progress;
            this.thread = new Thread(this, "fact-cache-reader");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        @Override
        public void run() {
            LoadChunk chunk = new LoadChunk();
            PgArrays.Spellings spellings = new PgArrays.Spellings();
            try {
                while (!stopped && rs.next()) {
                    progress.read();
                    ItemType type = ItemType.fromEvent(rs.getString(3));
                    String project = rs.getString(4);
                    String team = rs.getString(5);
                    if (!takes.test(project, team, type)) {
                        continue;
                    }
                    chunk.add(new WorkItemFacts(rs.getString(1), rs.getString(2), null, type, project, team, // no title
                            rs.getString(6), Times.instantOfMicros(PgArrays.timestamp(rs.getString(7))),
                            rs.getString(8), List.of()), rs.getString(9), rs.getString(10), rs.getString(11),
                            spellings);
                    if (chunk.full()) {
                        put(chunk);
                        chunk = new LoadChunk();
                    }
                }
                put(chunk);
            } catch (Throwable e) {
                LoadChunk failed = new LoadChunk();
                failed.failure = e;
                chunk = failed;
                put(failed);
            } finally {
                if (chunk.failure == null) {
                    put(END);
                }
            }
        }

        private void put(LoadChunk chunk) {
            try {
                while (!stopped && !queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                    // the builder is behind: wait for room (or for finish())
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
            }
        }

        /** The next chunk, or null once every row has been read. */
        LoadChunk next() throws SQLException {
            if (ended) {
                return null;
            }
            LoadChunk chunk;
            try {
                chunk = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("loading work items interrupted", e);
            }
            if (chunk.failure != null) {
                ended = true;
                if (chunk.failure instanceof SQLException e) {
                    throw e;
                }
                if (chunk.failure instanceof RuntimeException e) {
                    throw e;
                }
                throw new IllegalStateException(chunk.failure);
            }
            if (chunk == END) {
                ended = true;
                return null;
            }
            return chunk;
        }

        /** Stops the reader (if it is still reading) and waits for it, so that the connection is free again. */
        void finish() {
            stopped = true;
            queue.clear();
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean anyTakes(List<ValueStream> streams, String project, String team, ItemType type) {
        for (ValueStream vs : streams) {
            if (Scopes.matchesItem(vs.scope(), project, team, type)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Progress of a long load, in the log every few seconds: items read of the total, rate, time left. Counted by the
     * reader thread; the items held are read from the builder's state without waiting (a chunk or two behind).
     */
    private final class LoadProgress {
        private static final long EVERY_NANOS = 5_000_000_000L;
        private final String what;
        private final long total;
        private final long started = System.nanoTime();
        private long read;
        private long lastLog = started;

        LoadProgress(String what, long total) {
            this.what = what;
            this.total = total;
            LOG.infof("fact cache: loading %s, %,d work item rows to read", what, total);
        }

        void read() {
            read++;
            if ((read & 1023) == 0) {
                long now = System.nanoTime();
                if (now - lastLog >= EVERY_NANOS) {
                    lastLog = now;
                    double rate = read / ((now - started) / 1e9);
                    LOG.infof("fact cache: loading %s: %,d of %,d rows read (%d%%), %,.0f rows/s, about %,.0f s left;"
                            + " %,d items held", what, read, total, total == 0 ? 100 : read * 100 / total, rate,
                            Math.max(0, total - read) / Math.max(1, rate), state.itemCount());
                }
            }
        }

        /** @param reloaded items read again because two of their transitions share an instant */
        void done(int reloaded) {
            long ms = (System.nanoTime() - started) / 1_000_000;
            LOG.infof("fact cache: loaded %s: %,d rows read in %,d ms (%,.0f rows/s), %,d items held, %,d of them"
                    + " read again for transitions at one instant", what, read, ms, read * 1000.0 / Math.max(1, ms),
                    state.itemCount(), reloaded);
        }
    }

    private void applyItems(List<WorkItemFacts> items) {
        state.apply(new FactBatch(items, List.of(), List.of(), List.of(), List.of(), List.of(), List.of()));
    }

    /** Which items a load keeps, by project, team and type. */
    @FunctionalInterface
    private interface ItemFilter {
        boolean test(String project, String team, ItemType type);
    }

    /** What one batch of {@link #reloadInBatches} read: the live items, and the ids no longer live. */
    @FunctionalInterface
    private interface ReloadedBatch {
        void accept(List<WorkItemFacts> items, List<String> removed);
    }

    /** Reads the items {@code ids} name again, {@link CacheConfig#reloadBatchSize()} ids a query. */
    private void reloadInBatches(Connection c, List<String> ids, ReloadedBatch each) throws SQLException {
        int size = Math.max(1, config.reloadBatchSize());
        for (int from = 0; from < ids.size(); from += size) {
            List<WorkItemFacts> items = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            reloadItems(c, ids.subList(from, Math.min(ids.size(), from + size)), items, removed);
            each.accept(items, removed);
        }
    }

    private static void reloadItems(Connection c, List<String> ids, List<WorkItemFacts> items, List<String> removed)
            throws SQLException {
        Array idArray = c.createArrayOf("text", ids.toArray());
        Map<String, List<Transition>> transitions = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "select item_id, event_id, from_status, to_status, at from metrics.transition where item_id = any(?)")) {
            ps.setArray(1, idArray);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    transitions.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(transition(rs));
                }
            }
        }
        LinkedHashSet<String> gone = new LinkedHashSet<>(ids);
        try (PreparedStatement ps = c.prepareStatement("select " + ITEM_COLUMNS + " from metrics.work_item w"
                + " where w.item_id = any(?)"
                + " and not exists (select 1 from metrics.deleted_item d where d.item_id = w.item_id)")) {
            ps.setArray(1, idArray);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    items.add(item(rs, transitions.getOrDefault(id, List.of())));
                    gone.remove(id);
                }
            }
        }
        removed.addAll(gone);
    }

    private static List<ChangeFact> changes(Connection c, long since) throws SQLException {
        List<ChangeFact> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select " + FactReader.CHANGE_COLUMNS + " from metrics.change c"
                + " where txid >= ?")) {
            ps.setLong(1, since);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Array keys = rs.getArray(9);
                    out.add(new ChangeFact(rs.getString(1), rs.getString(2), instant(rs, 3), instant(rs, 4),
                            instant(rs, 5), rs.getString(6), rs.getString(7), instant(rs, 8),
                            keys == null ? List.of() : List.of((String[]) keys.getArray())));
                }
            }
        }
        return out;
    }

    private static List<ReviewFact> reviews(Connection c, long since) throws SQLException {
        List<ReviewFact> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select review_id, change_id, repository, reviewer, state, submitted_at
                from metrics.change_review where txid >= ?""")) {
            ps.setLong(1, since);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ReviewFact(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), instant(rs, 6)));
                }
            }
        }
        return out;
    }

    private static List<DeploymentFact> deployments(Connection c, long since) throws SQLException {
        List<DeploymentFact> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select deployment_id, service, environment, status, started_at, finished_at, commit_shas,
                    rollback_of, hotfix
                from metrics.deployment where txid >= ?""")) {
            ps.setLong(1, since);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Array shas = rs.getArray(7);
                    out.add(new DeploymentFact(rs.getString(1), rs.getString(2), rs.getString(3),
                            DeploymentStatus.SUCCESS.wireName().equals(rs.getString(4)), instant(rs, 5), instant(rs, 6),
                            shas == null ? List.of() : List.of((String[]) shas.getArray()), rs.getString(8),
                            rs.getBoolean(9)));
                }
            }
        }
        return out;
    }

    private static List<IncidentFact> incidents(Connection c, long since) throws SQLException {
        List<IncidentFact> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select incident_id, service, opened_at, resolved_at, caused_by_deployment_id
                from metrics.incident where txid >= ?""")) {
            ps.setLong(1, since);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new IncidentFact(rs.getString(1), rs.getString(2), instant(rs, 3), instant(rs, 4),
                            rs.getString(5)));
                }
            }
        }
        return out;
    }

    private void streams(Connection c, long since, List<ValueStream> saved, List<String> deleted)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select id, definition::text, deleted from metrics.value_stream where txid >= ?")) {
            ps.setLong(1, since);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getBoolean(3)) {
                        deleted.add(rs.getString(1));
                    } else {
                        saved.add(streamStore.read(rs.getString(2)));
                    }
                }
            }
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
