package dev.flowlens.tools.bench;

import static dev.flowlens.tools.common.Text.log;
import static dev.flowlens.tools.common.Text.secondsSince;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.flowlens.tools.common.Events;
import dev.flowlens.tools.common.Graphql;
import dev.flowlens.tools.common.Http;
import dev.flowlens.tools.common.Json;
import dev.flowlens.tools.common.Latency;
import dev.flowlens.tools.common.Options;
import dev.flowlens.tools.common.Psql;
import dev.flowlens.tools.common.Table;
import dev.flowlens.tools.common.Text;
import dev.flowlens.tools.common.Token;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Flowlens ingest benchmark (issue 7), run by {@code bin/flowlens bench} (psql for exact counts).
 *
 * <pre>
 *   bin/tools bench.IngestBench [--backfill N] [--rate EVENTS_PER_S] [--duration S] [--batch N]
 *        [--connections N] [--stack-dir DIR] [--metrics-db NAME] [--out FILE] [--append true]
 * </pre>
 *
 * Two phases against a running bench stack (bin/flowlens bench starts a fresh one):
 * <ol>
 * <li>Backfill: N events (work items, each an upsert and ten transitions) posted to POST /api/v1/events in
 *     batches as fast as ingest-service takes them; measured until every fact is committed in metrics-service
 *     (exact SQL count) and until GraphQL serves all the items (workItems total of a value stream).</li>
 * <li>Sustained: an open-loop schedule of RATE events/s (batches of --batch) for --duration seconds; the 202
 *     latencies are measured from each batch's scheduled time (no coordinated omission), the committed-facts
 *     rate from metrics-service's own counter, and after the schedule ends, the time until the facts caught up
 *     and the exact number of facts lost or duplicated.</li>
 * </ol>
 * Meanwhile the resident memory of each service is sampled every second. Prints figure | target | measured |
 * pass, and writes it to --out.
 */
public class IngestBench {

    static final String[] WORKFLOW = {"To Do", "In Progress", "In Review", "Ready for QA", "In QA", "Done"};
    /** Events per item: one upsert, ten transitions (two rounds through the workflow). */
    static final int PER_ITEM = 11;
    static final String STREAM_ID = "ingest-bench";
    static final String[] SERVICES = {"gateway", "ingest-service", "metrics-service"};

    final Options opt;
    final HttpClient http = Http.client(Duration.ofSeconds(10));
    final String run = Long.toString(System.currentTimeMillis(), 36);
    final Instant base = Instant.now().minus(200, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    final Table results = new Table();
    final Map<String, Long> maxRssKb = new ConcurrentHashMap<>();
    final Token ingestToken;
    final Graphql graphql;
    /** Items generated so far (backfill first, then the sustained phase continues the numbering). */
    long nextItem;

    IngestBench(Options opt) {
        this.opt = opt;
        this.ingestToken = Token.ingest(http, opt.get("oidc"), Duration.ofMinutes(4));
        this.graphql = Graphql.asAdmin(http, opt, Duration.ofMinutes(4), 60_000);
    }

    public static void main(String[] args) throws Exception {
        new IngestBench(Options.parseOrExit(args, defaults())).run();
    }

    /** The options and their defaults. */
    static Map<String, String> defaults() {
        // writeback: the database host's kernel writeback (docs/operations.md, "The database host"), as bin/flowlens
        // describes it
        return Options.table(Options.BENCH_STACK + """
                metrics      http://localhost:28082
                backfill     1000000
                rate         12000
                duration     120
                batch        1000
                connections  4
                stack-dir    .flowlens/bench
                metrics-db   flowlens_metrics_bench
                out          ""
                writeback    not given
                append       false
                """);
    }

    void run() throws Exception {
        ingestToken.get();
        saveStream();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(this::sampleMemory, 0, 1, TimeUnit.SECONDS);
        try {
            long backfill = opt.longValue("backfill");
            if (backfill > 0) {
                backfill(backfill);
            }
            if (opt.integer("duration") > 0) {
                sustained(opt.integer("rate"), opt.integer("duration"));
            }
        } finally {
            sampler.shutdownNow();
        }
        String metrics = metricsText();
        double polls = promValue(metrics, "flowlens_cache_poll_seconds_count");
        double pollSum = promValue(metrics, "flowlens_cache_poll_seconds_sum");
        double pollMax = promValue(metrics, "flowlens_cache_poll_seconds_max");
        double reloaded = promValue(metrics, "flowlens_cache_items_reloaded_total");
        if (polls > 0) {
            results.info("metrics-service fact cache polls: count, mean, recent max",
                    String.format(Locale.ROOT, "%,.0f, %.0f ms, %.0f ms (%,.0f item reloads)", polls,
                            1000 * pollSum / polls, 1000 * pollMax, reloaded));
        }
        for (String svc : SERVICES) {
            long kb = maxRssKb.getOrDefault(svc, -1L);
            results.check(svc + " resident memory, max under load", "<= 350 MB",
                    kb < 0 ? "not found" : String.format(Locale.ROOT, "%.0f MB", kb / 1024.0),
                    kb > 0 && kb <= 350 * 1024);
        }
        for (String svc : SERVICES) {
            double s = startupSeconds(svc);
            results.check(svc + " start-up to ready (Quarkus 'started in')", "<= 3 s",
                    s < 0 ? "not found" : String.format(Locale.ROOT, "%.2f s", s), s > 0 && s <= 3);
        }
        report();
    }

    // ---------------------------------------------------------------- phase 1: backfill

    void backfill(long events) throws Exception {
        long items = Math.max(1, events / PER_ITEM);
        long firstItem = nextItem;
        nextItem += items;
        long total = items * PER_ITEM;
        int batch = opt.integer("batch");
        int connections = opt.integer("connections");
        log("backfill: %,d events (%,d items × %d) in batches of %,d over %d connections", total, items, PER_ITEM,
                batch, connections);
        long committedBefore = committedFacts();
        long[] before = countFacts();
        long t0 = System.nanoTime();
        Semaphore inFlight = new Semaphore(connections);
        AtomicLong posted = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        Thread progress = progressThread("backfill", posted::get, total, committedBefore);
        for (long from = 0; from < total; from += batch) {
            byte[] body = body(firstItem, from, Math.min(total, from + batch));
            int size = (int) (Math.min(total, from + batch) - from);
            inFlight.acquire();
            // the permit goes back once the batch is counted, so that all permits back means all counted
            post(body).whenComplete((status, error) -> {
                if (error != null || status != 202) {
                    errors.add(error != null ? error : new IllegalStateException("status " + status));
                } else {
                    posted.addAndGet(size);
                }
                inFlight.release();
            });
        }
        inFlight.acquire(connections);
        inFlight.release(connections);
        double postS = secondsSince(t0);
        if (!errors.isEmpty()) {
            throw new IllegalStateException(errors.size() + " backfill batches failed, first: " + errors.peek());
        }
        log("backfill posted in %.1f s (%,.0f events/s accepted by ingest-service)", postS, total / postS);
        long[] added = waitForFacts(before, items, total - items, Duration.ofMinutes(30));
        double factsS = secondsSince(t0);
        long lost = total - added[0] - added[1];
        if (lost != 0) {
            results.add("backfill: events lost", "0", Long.toString(lost), "FAIL");
            return;
        }
        waitForGraphql(firstItem + items, Duration.ofMinutes(10));
        double queryS = secondsSince(t0);
        progress.interrupt();
        log("backfill: every fact committed %.1f s, served by GraphQL %.1f s after the first post", factsS, queryS);
        results.info(String.format(Locale.ROOT, "backfill %,d events: posted (accepted by ingest)", total),
                String.format(Locale.ROOT, "%.1f s (%,.0f/s)", postS, total / postS));
        results.check(String.format(Locale.ROOT, "backfill %,d events: all queryable", total), "<= 120 s",
                String.format(Locale.ROOT, "%.1f s (%,.0f/s; facts %.1f s)", queryS, total / queryS, factsS),
                queryS <= 120);
        results.add("backfill: events lost", "0", "0", "PASS");
    }

    // ---------------------------------------------------------------- phase 2: sustained rate

    void sustained(int rate, int seconds) throws Exception {
        int batch = Math.min(opt.integer("batch"), Math.max(1, rate / 20));
        int batchesPerSecond = Math.max(1, rate / batch);
        long batches = (long) batchesPerSecond * seconds;
        long items = (batches * batch + PER_ITEM - 1) / PER_ITEM;
        long firstItem = nextItem;
        nextItem += items;
        long total = batches * batch;
        log("sustained: %,d events/s (%d batches of %,d per second) for %d s, open loop", batchesPerSecond * batch,
                batchesPerSecond, batch, seconds);
        long committedBefore = committedFacts();
        long[] before = countFacts();
        List<double[]> windows = new CopyOnWriteArrayList<>();
        ConcurrentHistogram latencies = Latency.concurrent();
        AtomicInteger non202 = new AtomicInteger();
        AtomicLong posted = new AtomicLong();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        Semaphore inFlight = new Semaphore(64);
        long t0 = System.nanoTime();
        long periodNs = 1_000_000_000L / batchesPerSecond;
        ScheduledExecutorService meter = Executors.newSingleThreadScheduledExecutor();
        AtomicLong lastCommitted = new AtomicLong(committedBefore);
        AtomicLong lastAt = new AtomicLong(System.nanoTime());
        meter.scheduleAtFixedRate(() -> {
            long c = committedFacts();
            if (c < 0) {
                log("  sustained t=%3.0f s: metrics-service's counter did not answer; window merged into the next",
                        secondsSince(t0));
                return;
            }
            long now = System.nanoTime();
            double perS = (c - lastCommitted.getAndSet(c)) / ((now - lastAt.getAndSet(now)) / 1e9);
            windows.add(new double[] {secondsSince(t0), perS});
            log("  sustained t=%3.0f s: posted %,d events, committed %,.0f facts/s", secondsSince(t0), posted.get(),
                    perS);
        }, 10, 10, TimeUnit.SECONDS);
        for (long b = 0; b < batches; b++) {
            long scheduled = t0 + b * periodNs;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            long from = b * batch;
            long to = Math.min(items * PER_ITEM, from + batch);
            byte[] body = body(firstItem, from, to);
            int size = (int) (to - from);
            inFlight.acquire();
            post(body).whenComplete((status, error) -> {
                Latency.recordSince(latencies, scheduled);
                if (error != null) {
                    errors.add(String.valueOf(error));
                } else if (status != 202) {
                    non202.incrementAndGet();
                } else {
                    posted.addAndGet(size);
                }
                inFlight.release();
            });
        }
        inFlight.acquire(64);
        inFlight.release(64);
        double postS = secondsSince(t0);
        meter.shutdownNow();
        long postedEvents = posted.get();
        log("sustained: posted %,d events in %.1f s; %d errors, %d non-202 answers", postedEvents, postS,
                errors.size(), non202.get());
        long t1 = System.nanoTime();
        long upserts = (total + PER_ITEM - 1) / PER_ITEM; // event k is an upsert when k % 11 == 0
        long[] found = waitForFacts(before, upserts, total - upserts, Duration.ofMinutes(20));
        double drainS = secondsSince(t1);
        double overallRate = (found[0] + found[1]) / secondsSince(t0);
        // committed per second over the schedule, after a 10 s warm-up window
        double[] steady = windows.stream().filter(w -> w[0] > 15).mapToDouble(w -> w[1]).toArray();
        double steadyMean = Arrays.stream(steady).average().orElse(Double.NaN);
        double steadyMin = Arrays.stream(steady).min().orElse(Double.NaN);
        long lost = total - (found[0] + found[1]);
        results.info(String.format(Locale.ROOT, "sustained: events posted at %,d/s for %d s",
                batchesPerSecond * batch, seconds), String.format(Locale.ROOT, "%,d in %.1f s", postedEvents, postS));
        results.info("sustained: batch 202 latency p50 / p99 (from schedule)", String.format(Locale.ROOT,
                "%.0f / %.0f ms", Latency.ms(latencies, 50), Latency.ms(latencies, 99)));
        results.check("sustained: facts committed per s (mean, min of 10 s windows)", ">= 10,000/s",
                String.format(Locale.ROOT, "%,.0f (min %,.0f)", steadyMean, steadyMin),
                steadyMean >= 10_000 && steadyMin >= 10_000 * 0.8);
        results.check("sustained: end to end incl. catching up", ">= 10,000/s",
                String.format(Locale.ROOT, "%,.0f/s (caught up %.1f s after the last post)", overallRate, drainS),
                overallRate >= 10_000);
        results.check("sustained: errors / non-202 / events lost", "0 / 0 / 0",
                String.format(Locale.ROOT, "%d / %d / %d", errors.size(), non202.get(), lost),
                errors.isEmpty() && non202.get() == 0 && lost == 0);
        if (!errors.isEmpty()) {
            log("first error: %s", errors.peek());
        }
    }

    // ---------------------------------------------------------------- events

    /**
     * Events [from, to) of the items numbered from {@code firstItem}, as a JSON array. Written with Jackson's streaming
     * generator, not as trees: the client shares the machine with the services it measures, and a backfill's million
     * events as trees cost it about 4 µs each against 1 µs streamed.
     */
    byte[] body(long firstItem, long from, long to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) (to - from) * 260);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartArray();
            for (long k = from; k < to; k++) {
                long item = firstItem + k / PER_ITEM;
                int n = (int) (k % PER_ITEM);
                String itemId = "ib:" + run + ":" + item;
                Instant created = base.plusSeconds((item * 7919) % (180 * 86400));
                if (n == 0) {
                    String at = created.toString();
                    envelope(g, itemId + ":up", "workitem.upserted", at);
                    g.writeStringField("itemId", itemId);
                    g.writeStringField("key", "IB-" + item);
                    g.writeStringField("title", "Bench item " + item);
                    g.writeStringField("itemType", item % 5 == 0 ? "defect" : "feature");
                    g.writeStringField("project", "IB");
                    g.writeStringField("status", "Done");
                    g.writeStringField("createdAt", at);
                } else {
                    int from5 = (n - 1) % 5;
                    String at = created.plusSeconds(3600L * n * (1 + item % 13)).toString();
                    envelope(g, itemId + ":mv:" + n, "workitem.transitioned", at);
                    g.writeStringField("itemId", itemId);
                    g.writeStringField("fromStatus", n == 6 ? "Done" : WORKFLOW[from5]);
                    g.writeStringField("toStatus", WORKFLOW[from5 + 1]);
                    g.writeStringField("at", at);
                }
                g.writeEndObject(); // data
                g.writeEndObject(); // event
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An event's envelope up to its open data object, as {@link Events#event} writes it. */
    static void envelope(JsonGenerator g, String id, String type, String time) throws IOException {
        g.writeStartObject();
        g.writeStringField("specversion", "1.0");
        g.writeStringField("id", id);
        g.writeStringField("source", "bench");
        g.writeStringField("type", type);
        g.writeStringField("time", time);
        g.writeObjectFieldStart("data");
    }

    CompletableFuture<Integer> post(byte[] body) {
        try {
            return http.sendAsync(Http.events(opt.get("ingest"), ingestToken, body, Duration.ofSeconds(60)),
                    HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("could not renew tokens: " + e, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
    }

    // ---------------------------------------------------------------- facts

    /**
     * Waits until this run's facts grew by the expected items and transitions since {@code before}; returns
     * {items, transitions} added. Ends early (with what it found) when nothing moved for a minute.
     */
    long[] waitForFacts(long[] before, long items, long transitions, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        long lastLog = 0;
        long lastChange = System.nanoTime();
        long[] last = null;
        while (true) {
            long[] found = countFacts();
            long[] added = {found[0] - before[0], found[1] - before[1]};
            if (added[0] >= items && added[1] >= transitions) {
                return added;
            }
            if (last == null || !Arrays.equals(last, found)) {
                lastChange = System.nanoTime();
                last = found;
            }
            if (System.nanoTime() > deadline || System.nanoTime() - lastChange > 60_000_000_000L) {
                log("facts incomplete: %,d of %,d items, %,d of %,d transitions", added[0], items, added[1],
                        transitions);
                return added;
            }
            if (System.nanoTime() - lastLog > 10_000_000_000L) {
                log("  waiting for facts: %,d / %,d items, %,d / %,d transitions", added[0], items, added[1],
                        transitions);
                lastLog = System.nanoTime();
            }
            Thread.sleep(500);
        }
    }

    /** Exact counts of this run's facts: {work items, transitions}. */
    long[] countFacts() throws Exception {
        String like = "ib:" + run + ":%";
        String[] row = Psql.row(opt.get("metrics-db"),
                "select (select count(*) from metrics.work_item where item_id like '" + like + "'), "
                        + "(select count(*) from metrics.transition where item_id like '" + like + "')");
        return new long[] {Long.parseLong(row[0]), Long.parseLong(row[1])};
    }

    /** metrics-service's Prometheus text (public), "" when it does not answer. */
    String metricsText() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(opt.get("metrics") + "/q/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The first sample of a Prometheus metric (any labels); NaN when absent. */
    static double promValue(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.E+-]+)").matcher(text);
        return m.find() ? Double.parseDouble(m.group(2)) : Double.NaN;
    }

    /** metrics-service's own counter of stored events; -1 when it does not answer. */
    long committedFacts() {
        double v = promValue(metricsText(), "flowlens_facts_stored_total");
        return Double.isNaN(v) ? -1 : (long) v;
    }

    Thread progressThread(String phase, LongSupplier posted, long total, long committedBefore) {
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(5000);
                    log("  %s: posted %,d / %,d events; metrics-service stored %,d", phase, posted.getAsLong(), total,
                            committedFacts() - committedBefore);
                }
            } catch (InterruptedException e) {
                // done
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    void saveStream() throws Exception {
        String id = graphql.data("mutation { saveValueStream(input: { id: \"" + STREAM_ID + "\", name: \"Ingest bench\", "
                + "scope: { projects: [\"IB\"] }, stages: ["
                + "{ name: \"Build\", statuses: [\"In Progress\"], kind: ACTIVE }, "
                + "{ name: \"Review wait\", statuses: [\"In Review\"], kind: WAITING }, "
                + "{ name: \"QA\", statuses: [\"Ready for QA\", \"In QA\"], kind: ACTIVE } ], "
                + "doneStatuses: [\"Done\"] }) { id } }").path("saveValueStream").path("id").asText();
        if (!STREAM_ID.equals(id)) {
            throw new IllegalStateException("saveValueStream failed: answered id " + id);
        }
    }

    /** Waits until GraphQL's workItems total of the bench stream is {@code items} (the cache has them all). */
    void waitForGraphql(long items, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        String probe = "{ valueStream(id: \"" + STREAM_ID + "\") { workItems(first: 1) { total } } }";
        while (true) {
            long total = graphql.data(probe).path("valueStream").path("workItems").path("total").asLong(-1);
            if (total >= items) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("GraphQL shows " + total + " of " + items + " items after " + limit);
            }
            Thread.sleep(250);
        }
    }

    // ---------------------------------------------------------------- services

    /** Highest VmRSS seen of each service of the stack (found by its working directory, the stack's run dir). */
    void sampleMemory() {
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                if (!p.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String cwd = Files.readSymbolicLink(p.resolve("cwd")).toString();
                    for (String svc : SERVICES) {
                        if (cwd.endsWith(opt.get("stack-dir").replaceFirst("^\\./", "") + "/run/" + svc)) {
                            for (String line : Files.readAllLines(p.resolve("status"))) {
                                if (line.startsWith("VmRSS:")) {
                                    long kb = Long.parseLong(line.replaceAll("\\D", ""));
                                    maxRssKb.merge(svc, kb, Math::max);
                                }
                            }
                        }
                    }
                } catch (IOException | RuntimeException ignored) {
                    // a process that ended or is not ours
                }
            }
        } catch (IOException ignored) {
            // no /proc: memory stays unknown
        }
    }

    /** Quarkus's own "started in X s" of the service's current log. */
    double startupSeconds(String svc) {
        Path log = Path.of(".flowlens/logs/bench-" + svc + ".log");
        try {
            Matcher m = Pattern.compile("started in ([0-9.]+)s").matcher(Files.readString(log));
            double s = -1;
            while (m.find()) {
                s = Double.parseDouble(m.group(1));
            }
            return s;
        } catch (IOException e) {
            return -1;
        }
    }

    // ---------------------------------------------------------------- output

    void report() throws IOException {
        String out = String.format(Locale.ROOT, "Flowlens ingest benchmark, %s%n", Instant.now())
                + String.format(Locale.ROOT, "machine: %d cores, %s, host writeback %s; java %s; PostgreSQL, RabbitMQ, "
                        + "Keycloak and the three services on it%n%n", Runtime.getRuntime().availableProcessors(),
                        Text.memory(), opt.get("writeback"), System.getProperty("java.version"))
                + results.render(62, 11, 44, 132);
        Table.emit(out, opt.get("out"), opt.flag("append"));
    }
}
