/*
 * Flowlens ingest benchmark (issue 7): a single-file Java 17 program, JDK only (psql for exact counts).
 *
 *   java bin/bench/IngestBench.java [--backfill N] [--rate EVENTS_PER_S] [--duration S] [--batch N]
 *        [--connections N] [--stack-dir DIR] [--metrics-db NAME] [--out FILE] [--append true]
 *
 * Two phases against a running bench stack (bin/flowlens bench starts a fresh one):
 *  1. Backfill: N events (work items, each an upsert and ten transitions) posted to POST /api/v1/events in
 *     batches as fast as ingest-service takes them; measured until every fact is committed in metrics-service
 *     (exact SQL count) and until GraphQL serves all the items (workItems total of a value stream).
 *  2. Sustained: an open-loop schedule of RATE events/s (batches of --batch) for --duration seconds; the 202
 *     latencies are measured from each batch's scheduled time (no coordinated omission), the committed-facts
 *     rate from metrics-service's own counter, and after the schedule ends, the time until the facts caught up
 *     and the exact number of facts lost or duplicated.
 * Meanwhile the resident memory of each service is sampled every second. Prints figure | target | measured |
 * pass, and writes it to --out.
 */
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class IngestBench {

    static final String[] WORKFLOW = {"To Do", "In Progress", "In Review", "Ready for QA", "In QA", "Done"};
    /** Events per item: one upsert, ten transitions (two rounds through the workflow). */
    static final int PER_ITEM = 11;
    static final String STREAM_ID = "ingest-bench";
    static final String[] SERVICES = {"gateway", "ingest-service", "metrics-service"};

    final Map<String, String> opt;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    final String run = Long.toString(System.currentTimeMillis(), 36);
    final Instant base = Instant.now().minus(200, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    final List<String[]> results = new ArrayList<>();
    final Map<String, Long> maxRssKb = new ConcurrentHashMap<>();
    String ingestToken;
    String adminToken;
    Instant tokensAt;
    /** Items generated so far (backfill first, then the sustained phase continues the numbering). */
    long nextItem;

    IngestBench(Map<String, String> opt) {
        this.opt = opt;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>();
        opt.put("oidc", "http://localhost:8180/realms/flowlens");
        opt.put("ingest", "http://localhost:28081");
        opt.put("gateway", "http://localhost:28080");
        opt.put("metrics", "http://localhost:28082");
        opt.put("backfill", "1000000");
        opt.put("rate", "12000");
        opt.put("duration", "120");
        opt.put("batch", "1000");
        opt.put("connections", "4");
        opt.put("stack-dir", ".flowlens/bench");
        opt.put("metrics-db", "flowlens_metrics_bench");
        opt.put("out", "");
        // the database host's kernel writeback (docs/operations.md, "The database host"), as bin/flowlens describes it
        opt.put("writeback", "not given");
        opt.put("append", "false");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--") && i + 1 < args.length && opt.containsKey(a.substring(2))) {
                opt.put(a.substring(2), args[++i]);
            } else {
                System.err.println("unknown argument: " + a + "; options: " + opt.keySet());
                System.exit(2);
            }
        }
        new IngestBench(opt).run();
    }

    void run() throws Exception {
        refreshTokens();
        saveStream();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(this::sampleMemory, 0, 1, TimeUnit.SECONDS);
        try {
            long backfill = Long.parseLong(opt.get("backfill"));
            if (backfill > 0) {
                backfill(backfill);
            }
            if (Integer.parseInt(opt.get("duration")) > 0) {
                sustained(Integer.parseInt(opt.get("rate")), Integer.parseInt(opt.get("duration")));
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
            results.add(new String[] {"metrics-service fact cache polls: count, mean, recent max", "(info)",
                    String.format(Locale.ROOT, "%,.0f, %.0f ms, %.0f ms (%,.0f item reloads)", polls,
                            1000 * pollSum / polls, 1000 * pollMax, reloaded), "-"});
        }
        for (String svc : SERVICES) {
            long kb = maxRssKb.getOrDefault(svc, -1L);
            results.add(new String[] {svc + " resident memory, max under load", "<= 350 MB",
                    kb < 0 ? "not found" : String.format(Locale.ROOT, "%.0f MB", kb / 1024.0),
                    kb > 0 && kb <= 350 * 1024 ? "PASS" : "FAIL"});
        }
        for (String svc : SERVICES) {
            double s = startupSeconds(svc);
            results.add(new String[] {svc + " start-up to ready (Quarkus 'started in')", "<= 3 s",
                    s < 0 ? "not found" : String.format(Locale.ROOT, "%.2f s", s), s > 0 && s <= 3 ? "PASS" : "FAIL"});
        }
        report();
    }

    // ---------------------------------------------------------------- phase 1: backfill

    void backfill(long events) throws Exception {
        long items = Math.max(1, events / PER_ITEM);
        long firstItem = nextItem;
        nextItem += items;
        long total = items * PER_ITEM;
        int batch = Integer.parseInt(opt.get("batch"));
        log("backfill: %,d events (%,d items × %d) in batches of %,d over %s connections", total, items, PER_ITEM,
                batch, opt.get("connections"));
        long committedBefore = committedFacts();
        long[] before = countFacts();
        long t0 = System.nanoTime();
        Semaphore inFlight = new Semaphore(Integer.parseInt(opt.get("connections")));
        AtomicLong posted = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        Thread progress = progressThread("backfill", () -> posted.get(), total, committedBefore);
        for (long from = 0; from < total; from += batch) {
            String body = body(firstItem, from, Math.min(total, from + batch));
            int size = (int) (Math.min(total, from + batch) - from);
            inFlight.acquire();
            post(body).whenComplete((status, error) -> {
                inFlight.release();
                if (error != null || status != 202) {
                    errors.add(error != null ? error : new IllegalStateException("status " + status));
                } else {
                    posted.addAndGet(size);
                }
            });
        }
        inFlight.acquire(Integer.parseInt(opt.get("connections")));
        inFlight.release(Integer.parseInt(opt.get("connections")));
        double postS = secondsSince(t0);
        if (!errors.isEmpty()) {
            throw new IllegalStateException(errors.size() + " backfill batches failed, first: " + errors.peek());
        }
        log("backfill posted in %.1f s (%,.0f events/s accepted by ingest-service)", postS, total / postS);
        long[] added = waitForFacts(before, items, total - items, Duration.ofMinutes(30));
        double factsS = secondsSince(t0);
        long lost = total - added[0] - added[1];
        if (lost != 0) {
            results.add(new String[] {"backfill: events lost", "0", Long.toString(lost), "FAIL"});
            return;
        }
        waitForGraphql(firstItem + items, Duration.ofMinutes(10));
        double queryS = secondsSince(t0);
        progress.interrupt();
        log("backfill: every fact committed %.1f s, served by GraphQL %.1f s after the first post", factsS, queryS);
        results.add(new String[] {String.format(Locale.ROOT, "backfill %,d events: posted (accepted by ingest)", total),
                "(info)", String.format(Locale.ROOT, "%.1f s (%,.0f/s)", postS, total / postS), "-"});
        results.add(new String[] {String.format(Locale.ROOT, "backfill %,d events: all queryable", total), "<= 120 s",
                String.format(Locale.ROOT, "%.1f s (%,.0f/s; facts %.1f s)", queryS, total / queryS, factsS),
                queryS <= 120 ? "PASS" : "FAIL"});
        results.add(new String[] {"backfill: events lost", "0", "0", "PASS"});
    }

    // ---------------------------------------------------------------- phase 2: sustained rate

    void sustained(int rate, int seconds) throws Exception {
        int batch = Math.min(Integer.parseInt(opt.get("batch")), Math.max(1, rate / 20));
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
        List<double[]> windows = new java.util.concurrent.CopyOnWriteArrayList<>();
        double[] latencies = new double[(int) batches];
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
            String body = body(firstItem, from, to);
            int index = (int) b;
            int size = (int) (to - from);
            inFlight.acquire();
            post(body).whenComplete((status, error) -> {
                inFlight.release();
                latencies[index] = (System.nanoTime() - scheduled) / 1e6;
                if (error != null) {
                    errors.add(String.valueOf(error));
                } else if (status != 202) {
                    non202.incrementAndGet();
                } else {
                    posted.addAndGet(size);
                }
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
        Arrays.sort(latencies);
        long expected = total;
        long lost = expected - (found[0] + found[1]);
        results.add(new String[] {String.format(Locale.ROOT, "sustained: events posted at %,d/s for %d s",
                batchesPerSecond * batch, seconds), "(info)",
                String.format(Locale.ROOT, "%,d in %.1f s", postedEvents, postS), "-"});
        results.add(new String[] {"sustained: batch 202 latency p50 / p99 (from schedule)", "(info)",
                String.format(Locale.ROOT, "%.0f / %.0f ms", percentile(latencies, 50), percentile(latencies, 99)),
                "-"});
        results.add(new String[] {"sustained: facts committed per s (mean, min of 10 s windows)", ">= 10,000/s",
                String.format(Locale.ROOT, "%,.0f (min %,.0f)", steadyMean, steadyMin),
                steadyMean >= 10_000 && steadyMin >= 10_000 * 0.8 ? "PASS" : "FAIL"});
        results.add(new String[] {"sustained: end to end incl. catching up", ">= 10,000/s",
                String.format(Locale.ROOT, "%,.0f/s (caught up %.1f s after the last post)", overallRate, drainS),
                overallRate >= 10_000 ? "PASS" : "FAIL"});
        results.add(new String[] {"sustained: errors / non-202 / events lost", "0 / 0 / 0",
                String.format(Locale.ROOT, "%d / %d / %d", errors.size(), non202.get(), lost),
                errors.isEmpty() && non202.get() == 0 && lost == 0 ? "PASS" : "FAIL"});
        if (!errors.isEmpty()) {
            log("first error: %s", errors.peek());
        }
    }

    // ---------------------------------------------------------------- events

    /** Events [from, to) of the items numbered from {@code firstItem}, as a JSON array. */
    String body(long firstItem, long from, long to) {
        StringBuilder b = new StringBuilder((int) (to - from) * 330).append('[');
        for (long k = from; k < to; k++) {
            if (k > from) {
                b.append(',');
            }
            long item = firstItem + k / PER_ITEM;
            int n = (int) (k % PER_ITEM);
            String itemId = "ib:" + run + ":" + item;
            Instant created = base.plusSeconds((item * 7919) % (180 * 86400));
            if (n == 0) {
                b.append("{\"specversion\":\"1.0\",\"id\":\"").append(itemId).append(":up\",\"source\":\"bench\",")
                        .append("\"type\":\"workitem.upserted\",\"time\":\"").append(created).append("\",\"data\":{")
                        .append("\"itemId\":\"").append(itemId).append("\",\"key\":\"IB-").append(item)
                        .append("\",\"title\":\"Bench item ").append(item).append("\",\"itemType\":\"")
                        .append(item % 5 == 0 ? "defect" : "feature").append("\",\"project\":\"IB\",")
                        .append("\"status\":\"Done\",\"createdAt\":\"").append(created).append("\"}}");
            } else {
                int from5 = (n - 1) % 5;
                Instant at = created.plusSeconds(3600L * n * (1 + item % 13));
                b.append("{\"specversion\":\"1.0\",\"id\":\"").append(itemId).append(":mv:").append(n)
                        .append("\",\"source\":\"bench\",\"type\":\"workitem.transitioned\",\"time\":\"").append(at)
                        .append("\",\"data\":{\"itemId\":\"").append(itemId).append("\",\"fromStatus\":\"")
                        .append(n == 6 ? "Done" : WORKFLOW[from5]).append("\",\"toStatus\":\"")
                        .append(WORKFLOW[from5 + 1]).append("\",\"at\":\"").append(at).append("\"}}");
            }
        }
        return b.append(']').toString();
    }

    java.util.concurrent.CompletableFuture<Integer> post(String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(opt.get("ingest") + "/api/v1/events"))
                .header("Authorization", "Bearer " + ingestToken()).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
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
        String sql = "select (select count(*) from metrics.work_item where item_id like '" + like + "'), "
                + "(select count(*) from metrics.transition where item_id like '" + like + "')";
        Process p = new ProcessBuilder("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", opt.get("metrics-db"),
                "-AtF", " ", "-c", sql).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("psql failed: " + out);
        }
        String[] parts = out.split(" ");
        return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
    }

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

    /** metrics-service's own counter of stored events (Prometheus, public). */
    long committedFacts() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(opt.get("metrics") + "/q/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = Pattern.compile("(?m)^flowlens_facts_stored_total\\S* ([0-9.E+]+)").matcher(r.body());
            return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    Thread progressThread(String phase, java.util.function.LongSupplier posted, long total, long committedBefore) {
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
        String answer = graphql("mutation { saveValueStream(input: { id: \"" + STREAM_ID + "\", name: \"Ingest bench\", "
                + "scope: { projects: [\"IB\"] }, stages: ["
                + "{ name: \"Build\", statuses: [\"In Progress\"], kind: ACTIVE }, "
                + "{ name: \"Review wait\", statuses: [\"In Review\"], kind: WAITING }, "
                + "{ name: \"QA\", statuses: [\"Ready for QA\", \"In QA\"], kind: ACTIVE } ], "
                + "doneStatuses: [\"Done\"] }) { id } }");
        if (!answer.contains("\"id\":\"" + STREAM_ID + "\"")) {
            throw new IllegalStateException("saveValueStream failed: " + answer);
        }
    }

    /** Waits until GraphQL's workItems total of the bench stream is {@code items} (the cache has them all). */
    void waitForGraphql(long items, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        String probe = "{ valueStream(id: \"" + STREAM_ID + "\") { workItems(first: 1) { total } } }";
        while (true) {
            Matcher m = Pattern.compile("\"total\":(\\d+)").matcher(graphql(probe));
            long total = m.find() ? Long.parseLong(m.group(1)) : -1;
            if (total >= items) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("GraphQL shows " + total + " of " + items + " items after " + limit);
            }
            Thread.sleep(250);
        }
    }

    String graphql(String query) throws Exception {
        String body = "{\"query\":\"" + query.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(opt.get("gateway") + "/graphql"))
                .header("Authorization", "Bearer " + adminToken()).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || r.body().contains("\"errors\"")) {
            throw new IllegalStateException("gateway answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
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

    // ---------------------------------------------------------------- tokens and output

    synchronized void refreshTokens() throws Exception {
        String url = opt.get("oidc") + "/protocol/openid-connect/token";
        ingestToken = token(url, "grant_type=client_credentials&client_id=flowlens-ingest&client_secret="
                + URLEncoder.encode("flowlens-ingest-secret", StandardCharsets.UTF_8));
        adminToken = token(url, "grant_type=password&client_id=flowlens-cli&username=admin&password=admin");
        tokensAt = Instant.now();
    }

    synchronized String ingestToken() {
        renewIfOld();
        return ingestToken;
    }

    synchronized String adminToken() {
        renewIfOld();
        return adminToken;
    }

    private void renewIfOld() {
        if (Duration.between(tokensAt, Instant.now()).toMinutes() >= 4) {
            try {
                refreshTokens();
            } catch (Exception e) {
                throw new IllegalStateException("could not renew tokens: " + e.getMessage(), e);
            }
        }
    }

    String token(String url, String form) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("token request answered " + r.statusCode() + ": " + r.body());
        }
        return m.group(1);
    }

    /** Nearest rank, as METRICS.md defines percentiles. */
    static double percentile(double[] sorted, int p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.max(0, (int) Math.ceil(p * sorted.length / 100.0) - 1)];
    }

    void report() throws Exception {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Flowlens ingest benchmark, %s%n", Instant.now()));
        out.append(String.format(Locale.ROOT, "machine: %d cores, %s, host writeback %s; java %s; PostgreSQL, RabbitMQ, Keycloak "
                + "and the three services on it%n%n", Runtime.getRuntime().availableProcessors(), memory(), opt.get("writeback"),
                System.getProperty("java.version")));
        out.append(String.format(Locale.ROOT, "%-62s | %-11s | %-44s | %s%n", "figure", "target", "measured", "pass"));
        out.append("-".repeat(132)).append('\n');
        for (String[] r : results) {
            out.append(String.format(Locale.ROOT, "%-62s | %-11s | %-44s | %s%n", r[0], r[1], r[2], r[3]));
        }
        System.out.print(out);
        if (!opt.get("out").isBlank()) {
            Path path = Path.of(opt.get("out"));
            if (Boolean.parseBoolean(opt.get("append")) && Files.exists(path)) {
                Files.writeString(path, Files.readString(path) + "\n" + out);
            } else {
                Files.writeString(path, out.toString());
            }
            System.out.println("written to " + opt.get("out"));
        }
    }

    static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return String.format(Locale.ROOT, "%.1f GiB memory",
                            Long.parseLong(line.replaceAll("\\D", "")) / 1048576.0);
                }
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return "memory unknown";
    }

    static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static void log(String format, Object... args) {
        System.out.println(java.time.LocalTime.now().withNano(0) + "  " + String.format(Locale.ROOT, format, args));
    }
}
