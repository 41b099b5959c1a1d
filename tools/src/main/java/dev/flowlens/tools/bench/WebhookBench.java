package dev.flowlens.tools.bench;

import static dev.flowlens.tools.common.Text.abbreviate;
import static dev.flowlens.tools.common.Text.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.flowlens.tools.common.Graphql;
import dev.flowlens.tools.common.Http;
import dev.flowlens.tools.common.Json;
import dev.flowlens.tools.common.Latency;
import dev.flowlens.tools.common.Options;
import dev.flowlens.tools.common.Psql;
import dev.flowlens.tools.common.Table;
import dev.flowlens.tools.common.Text;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Flowlens webhook load benchmark (issue 6), run by {@code bin/bench-webhooks}.
 *
 * <pre>
 *   bin/tools bench.WebhookBench [--oidc URL] [--ingest URL] [--gateway URL] [--rate N]
 *        [--duration S] [--warmup S] [--connections N] [--query-rate N] [--wait S] [--realdata DIR]
 *        [--ingest-db NAME] [--metrics-db NAME] [--seed N] [--out FILE] [--trace FILE] [--p99-target MS]
 * </pre>
 *
 * --p99-target MS makes the 202's p99 a figure that passes or fails (issue 7: 50 at --rate 500); otherwise it is shown
 * for information.
 * --trace FILE writes every measured delivery as "scheduled-send-epoch-ms latency-ms status", to line latency spikes
 * up with GC logs, PostgreSQL's log or vmstat.
 *
 * Saves a GitHub connector with a webhook secret and a value stream over its repository through
 * GraphQL, then sends signed GitHub deliveries (POST /webhooks/github/{connectorId}) at a fixed rate
 * for a fixed time: open loop, each delivery has its scheduled send time and its latency is measured
 * from that time, so a stalled server shows in the figures instead of slowing the sender down
 * (no coordinated omission). At most --connections requests are in flight (one kept-alive connection
 * each, written and read with plain sockets, {@link Wire}: the JDK HttpClient cost the machine under test more CPU
 * than some of the services measured).
 * The bodies are real GitHub payloads (testdata/github-webhooks: issues opened and reopened,
 * pull requests opened and closed, production deployment statuses) with the repository, numbers,
 * ids, sha and times replaced, so that every delivery's events are new facts, each its own row in
 * metrics-service's database. Meanwhile GraphQL dashboard queries (flow + stageMetrics of the value
 * stream) run at --query-rate, from the start of the warm-up. Then it waits until every event the 202 answers announced is a
 * fact in metrics-service (counted in its database with psql), and prints
 * figure | target | measured | pass. Run it through bin/bench-webhooks, which starts a fresh,
 * separate stack for it.
 */
public class WebhookBench {

    /** A delivery template: the GitHub event kind, the testdata file, how often (weight of 10) and the events it maps to. */
    record Kind(String event, String file, int weight, int events, String description) {
    }

    /**
     * Each kind's events are distinct facts, one row each in metrics-service (docs/connectors.md "Mapping"):
     * an issue opened: its upsert (work_item); reopened: upsert, closed at closed_at and reopened
     * (work_item + 2 transitions); a pull request opened or closed unmerged: change.opened (change);
     * a production deployment status: deployment.finished (deployment). A merged pull request is left
     * out on purpose: its opened and merged events are one change row, so a lost one could not be seen.
     */
    static final List<Kind> KINDS = List.of(
            new Kind("issues", "issues/opened.payload.json", 3, 1, "issues opened"),
            new Kind("issues", "issues/reopened.payload.json", 2, 3, "issues reopened"),
            new Kind("pull_request", "pull_request/opened.payload.json", 2, 1, "pull_request opened"),
            new Kind("pull_request", "pull_request/closed.payload.json", 1, 1, "pull_request closed"),
            new Kind("deployment_status", "deployment_status/payload.json", 2, 1, "deployment_status success"));

    final Options opt;
    final HttpClient http;
    final Graphql graphql;
    final String run;
    final String repo;
    final String secret;
    final String streamId;
    final Table results = new Table();
    final List<String> notes = new ArrayList<>();
    String connectorId;
    Template[] templates;
    Kind[] schedule;

    WebhookBench(Options opt) {
        this.opt = opt;
        int connections = opt.integer("connections");
        // HTTP/1.1 keep-alive: a tool's webhook sender does not speak h2c, and the upgrade attempt only adds noise.
        this.http = Http.client(Duration.ofSeconds(10),
                Executors.newFixedThreadPool(Math.max(2, Math.min(8, connections / 8)), daemon("http")));
        this.graphql = Graphql.asAdmin(http, opt, Duration.ofMinutes(2), 60_000);
        this.run = "r" + Long.toString(System.currentTimeMillis(), 36);
        this.repo = "flowlens-bench/" + run;
        byte[] s = new byte[24];
        new SecureRandom().nextBytes(s);
        this.secret = "bench-" + HexFormat.of().formatHex(s);
        this.streamId = "webhooks-" + run;
    }

    public static void main(String[] args) throws Exception {
        Options opt = Options.parseOrExit(args, defaults());
        if (!opt.get("p99-target").isEmpty() && !opt.get("p99-target").matches("[0-9]+(\\.[0-9]+)?")) {
            System.err.println("--p99-target takes milliseconds, e.g. 50; got: " + opt.get("p99-target"));
            System.exit(2);
        }
        System.exit(new WebhookBench(opt).run() ? 0 : 1);
    }

    /** The options and their defaults. */
    static Map<String, String> defaults() {
        // writeback: the database host's kernel writeback (docs/operations.md, "The database host"), as bin/flowlens
        // describes it
        return Options.table(Options.BENCH_STACK + """
                rate         2000
                duration     300
                warmup       60
                connections  64
                query-rate   2
                wait         900
                realdata     ""
                ingest-db    flowlens_ingest_bench
                metrics-db   flowlens_metrics_bench
                seed         6
                out          ""
                writeback    not given
                trace        ""
                p99-target   ""
                pids         .flowlens/pids
                """);
    }

    boolean run() throws Exception {
        loadTemplates();
        saveConnectorAndStream();
        log("run %s: connector %s, repository %s, value stream %s", run, connectorId, repo, streamId);
        double rate = opt.decimal("rate");
        int warmup = opt.integer("warmup");
        int duration = opt.integer("duration");
        long next = 0;
        if (warmup > 0) {
            log("warm-up: %.0f deliveries/s for %d s, dashboard queries too (sent and counted below, latencies not "
                    + "reported)", rate, warmup);
            Phase w = new Phase("warm-up", next, (long) (rate * warmup), rate);
            // The warm-up is the measured load, queries included: without them the first seconds measured were the
            // gateway and metrics-service compiling their query paths (p99 of the first 5 s: 500 ms, then 50-100 ms).
            Queries warmQueries = new Queries(opt.decimal("query-rate"));
            Thread wq = warmQueries.start("warm-up queries");
            w.drive(false);
            warmQueries.stop = true;
            wq.join(60_000);
            if (!warmQueries.errors.isEmpty()) {
                warmQueries.errors.forEach((k, v) -> notes.add("warm-up query error x" + v + ": " + k));
            }
            next += w.count;
            phases.add(w);
            if (w.with(202) != w.count) {
                notes.add(String.format(Locale.ROOT, "warm-up: %,d of %,d deliveries not answered 202", w.count - w.with(202), w.count));
                w.errors.forEach((k, v) -> notes.add(String.format(Locale.ROOT, "warm-up: %,d x %s", v.sum(), k)));
            }
        }
        log("measuring: %.0f deliveries/s for %d s, at most %s in flight; dashboard queries at %s/s",
                rate, duration, opt.get("connections"), opt.get("query-rate"));
        Phase main = new Phase("measured", next, (long) (rate * duration), rate);
        Queries queries = new Queries(opt.decimal("query-rate"));
        Thread q = queries.start("queries");
        Map<String, Double> cpuBefore = cpuSeconds();
        main.drive(true);
        Map<String, Double> cpuAfter = cpuSeconds();
        queries.stop = true;
        q.join(60_000);
        phases.add(main);
        cpuNote(cpuBefore, cpuAfter, main.seconds);
        if (!opt.get("trace").isEmpty()) {
            main.trace(Path.of(opt.get("trace")));
        }

        deliveryRows(main, rate, duration);
        queryRows(queries);
        factRows();
        return report();
    }

    // ---------------------------------------------------------------- templates

    /**
     * A payload with slots; {@link #render} fills them. Serialized once (by Jackson, each slot written raw as NUL name
     * NUL), so a delivery is a few string joins.
     */
    static final class Template {
        final Kind kind;
        final String[] literal; // literal[i] comes before slot[i]; the last literal closes the body
        final String[] slot;

        Template(Kind kind, String json) {
            this.kind = kind;
            String[] parts = json.split("\u0000", -1);
            literal = new String[parts.length / 2 + 1];
            slot = new String[parts.length / 2];
            for (int i = 0; i < parts.length; i++) {
                if (i % 2 == 0) {
                    literal[i / 2] = parts[i];
                } else {
                    slot[i / 2] = parts[i];
                }
            }
        }

        byte[] render(Map<String, String> values) {
            StringBuilder b = new StringBuilder(literal[0].length() * 2);
            for (int i = 0; i < slot.length; i++) {
                String v = values.get(slot[i]);
                if (v == null) {
                    throw new IllegalStateException("no value for slot " + slot[i]);
                }
                b.append(literal[i]).append(v);
            }
            return b.append(literal[slot.length]).toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A slot in a parsed payload: written as NUL name NUL, filled in per delivery. */
    static RawValue slot(String name) {
        return new RawValue("\u0000" + name + "\u0000");
    }

    void loadTemplates() throws IOException {
        Path dir = realdata().resolve("github-webhooks/octokit-payload-examples");
        templates = new Template[KINDS.size()];
        List<Kind> order = new ArrayList<>();
        for (int k = 0; k < KINDS.size(); k++) {
            Kind kind = KINDS.get(k);
            ObjectNode p = object(Json.tree(Files.readString(dir.resolve(kind.file()))), kind.file());
            ObjectNode repository = obj(p, "repository");
            repository.putRawValue("full_name", slot("repo"));
            repository.putRawValue("name", slot("repoName"));
            switch (kind.event()) {
                case "issues" -> {
                    ObjectNode issue = itemSlots(obj(p, "issue"));
                    issue.putRawValue("html_url", slot("issueUrl"));
                }
                case "pull_request" -> {
                    p.putRawValue("number", slot("number"));
                    ObjectNode pr = itemSlots(obj(p, "pull_request"));
                    if (pr.hasNonNull("merged_at")) {
                        throw new IllegalStateException(kind.file() + " is merged: its two events would be one fact");
                    }
                }
                case "deployment_status" -> {
                    ObjectNode status = obj(p, "deployment_status");
                    ObjectNode deployment = obj(p, "deployment");
                    status.putRawValue("id", slot("id"));
                    status.putRawValue("created_at", slot("updatedAt"));
                    status.putRawValue("updated_at", slot("updatedAt"));
                    deployment.putRawValue("id", slot("number"));
                    deployment.putRawValue("sha", slot("sha"));
                    deployment.putRawValue("created_at", slot("createdAt"));
                    deployment.putRawValue("updated_at", slot("updatedAt"));
                }
                default -> throw new IllegalStateException(kind.event());
            }
            templates[k] = new Template(kind, Json.text(p));
            for (int w = 0; w < kind.weight(); w++) {
                order.add(kind);
            }
        }
        // A fixed, shuffled cycle of 10: the mix is the same in every second of the run.
        Collections.shuffle(order, new Random(opt.longValue("seed")));
        schedule = order.toArray(Kind[]::new);
    }

    /** An issue's or pull request's number, id and times as slots (closed_at where it is set). */
    static ObjectNode itemSlots(ObjectNode item) {
        item.putRawValue("number", slot("number"));
        item.putRawValue("id", slot("id"));
        item.putRawValue("created_at", slot("createdAt"));
        item.putRawValue("updated_at", slot("updatedAt"));
        if (item.hasNonNull("closed_at")) {
            item.putRawValue("closed_at", slot("closedAt"));
        }
        return item;
    }

    static ObjectNode obj(JsonNode parent, String name) {
        return object(parent.get(name), "'" + name + "'");
    }

    static ObjectNode object(JsonNode node, String what) {
        if (!(node instanceof ObjectNode o)) {
            throw new IllegalStateException("template without an object " + what);
        }
        return o;
    }

    /** The payloads' folder: --realdata DIR, else the repository's testdata/ (bin/bench-webhooks runs from the root). */
    Path realdata() {
        Path dir = Path.of(opt.get("realdata").isBlank() ? "testdata" : opt.get("realdata")).toAbsolutePath();
        if (!Files.isDirectory(dir.resolve("github-webhooks"))) {
            throw new IllegalStateException(dir + "/github-webhooks not found: run from the repository's root "
                    + "(bin/bench-webhooks does) or pass --realdata DIR");
        }
        return dir;
    }

    /** A delivery due at {@code scheduled} (nanoTime), the {@code index}-th of its phase. */
    record Job(int index, Delivery delivery, long scheduled) {
    }

    /** Delivery number n (1-based: GitHub numbers start at 1) of the run: body, headers, events it maps to. */
    record Delivery(long seq, Kind kind, byte[] body, String signature, String deliveryId) {
    }

    Delivery delivery(long seq, Random random) {
        int k = KINDS.indexOf(schedule[(int) (seq % schedule.length)]);
        Template t = templates[k];
        long number = seq + 1;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> v = new TreeMap<>();
        v.put("repo", Json.text(repo));
        v.put("repoName", Json.text(run));
        v.put("number", Long.toString(number));
        v.put("id", Long.toString(900_000_000_000L + number));
        v.put("createdAt", Json.text(now.minus(3, ChronoUnit.HOURS).toString()));
        v.put("closedAt", Json.text(now.minus(1, ChronoUnit.HOURS).toString()));
        v.put("updatedAt", Json.text(now.toString()));
        v.put("issueUrl", Json.text("https://github.com/" + repo + "/issues/" + number));
        v.put("sha", Json.text(String.format(Locale.ROOT, "%016x%016x%08x", random.nextLong(), random.nextLong(), random.nextInt())));
        byte[] body = t.render(v);
        return new Delivery(seq, t.kind, body, sign(body), run + "-" + seq);
    }

    String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- driving

    final List<Phase> phases = new ArrayList<>();

    /** One open-loop run of deliveries seq first .. first+count-1 at a fixed rate. */
    final class Phase {
        final String name;
        final long first;
        final long count;
        final double rate;
        final long[] latencyMicros; // from the scheduled send time to the answer; -1: no answer
        final short[] status;       // HTTP status, 0: connection error
        final byte[] events;        // "events" of a 202 answer, -1 when absent
        final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        final AtomicLong sent = new AtomicLong();
        final AtomicLong done = new AtomicLong();
        final AtomicLong lateStarts = new AtomicLong();
        /** Latencies of the 202s. */
        final ConcurrentHistogram accepted = Latency.concurrent();
        /** Latencies of every answer since the last progress line. */
        final Recorder recent = new Recorder(3);
        long startNanos;
        double seconds;

        Phase(String name, long first, long count, double rate) {
            this.name = name;
            this.first = first;
            this.count = count;
            this.rate = rate;
            latencyMicros = new long[(int) count];
            status = new short[(int) count];
            events = new byte[(int) count];
            Arrays.fill(latencyMicros, -1);
        }

        void drive(boolean progress) throws Exception {
            // The head start below, and no more: with room for 8,192 the maker rendered and signed ~7,700 bodies at
            // full speed in the first seconds of each phase, and that burst of the client's own CPU was the worst 5 s
            // of every run (p99 170-500 ms, then 50-100 ms).
            int headStart = (int) Math.min(count, Math.min(4000, (long) rate));
            BlockingQueue<Delivery> ready = new ArrayBlockingQueue<>(Math.max(1, headStart) + 64);
            Thread maker = new Thread(() -> {
                Random random = new Random(opt.longValue("seed") * 31 + first);
                try {
                    for (long i = 0; i < count; i++) {
                        ready.put(delivery(first + i, random));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "maker-" + name);
            maker.setDaemon(true);
            maker.start();
            // a head start for the bodies, so that the schedule does not wait for the first ones
            while (ready.size() < headStart && maker.isAlive()) {
                Thread.sleep(10);
            }
            int connectionCount = opt.integer("connections");
            Semaphore connections = new Semaphore(connectionCount);
            URI uri = URI.create(opt.get("ingest") + "/webhooks/github/" + connectorId);
            BlockingQueue<Job> jobs = new ArrayBlockingQueue<>(connectionCount + 1);
            List<Thread> senders = new ArrayList<>();
            for (int c = 0; c < connectionCount; c++) {
                Thread t = new Thread(() -> send(uri, jobs, connections), "send-" + name + "-" + c);
                t.setDaemon(true);
                t.start();
                senders.add(t);
            }
            double interval = 1e9 / rate;
            startNanos = System.nanoTime();
            long lastReport = startNanos;
            long lastDone = 0;
            for (long i = 0; i < count; i++) {
                long scheduled = startNanos + (long) (i * interval);
                long wait;
                while ((wait = scheduled - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(Math.min(wait, 1_000_000));
                }
                Delivery d = ready.take();
                connections.acquire();
                if (System.nanoTime() - scheduled > 1_000_000) {
                    lateStarts.incrementAndGet();
                }
                int index = (int) i;
                sent.incrementAndGet();
                jobs.put(new Job(index, d, scheduled));
                long now = System.nanoTime();
                if (progress && now - lastReport >= 5_000_000_000L) {
                    long doneNow = done.get();
                    double p99 = Latency.ms(recent.getIntervalHistogram(), 99);
                    log("  %s: %,d / %,d sent, %,d answered (%,.0f/s last 5 s), %d in flight, p99 last 5 s %.1f ms, "
                            + "errors %,d", name, i + 1, count, doneNow, (doneNow - lastDone) / ((now - lastReport) / 1e9),
                            sent.get() - doneNow, p99, errorCount());
                    lastReport = now;
                    lastDone = doneNow;
                }
            }
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (done.get() < count && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            senders.forEach(Thread::interrupt);
            seconds = (System.nanoTime() - startNanos) / 1e9;
            if (done.get() < count) {
                notes.add(name + ": " + (count - done.get()) + " deliveries never answered within 60 s after the last send");
            }
        }

        /** One sender thread: its own kept-alive connection, one delivery at a time. */
        void send(URI uri, BlockingQueue<Job> jobs, Semaphore connections) {
            try (Wire wire = new Wire(uri)) {
                while (!Thread.currentThread().isInterrupted()) {
                    Job job = jobs.take();
                    Delivery d = job.delivery();
                    try {
                        Wire.Answer r = wire.post(uri.getRawPath(), Map.of("Content-Type", "application/json",
                                "User-Agent", "GitHub-Hookshot/bench", "X-GitHub-Event", d.kind().event(),
                                "X-GitHub-Delivery", d.deliveryId(), "X-Hub-Signature-256", d.signature()), d.body());
                        status[job.index()] = (short) r.status();
                        int n = (int) Json.number(r.body(), "events");
                        events[job.index()] = (byte) Math.max(-1, Math.min(100, n));
                        if (r.status() != 202) {
                            errors.computeIfAbsent("HTTP " + r.status() + ": " + abbreviate(r.body()), x -> new LongAdder())
                                    .increment();
                        }
                    } catch (IOException e) {
                        errors.computeIfAbsent(e.getClass().getSimpleName(), x -> new LongAdder()).increment();
                        status[job.index()] = 0;
                    }
                    long micros = (System.nanoTime() - job.scheduled()) / 1000;
                    latencyMicros[job.index()] = micros;
                    recent.recordValue(micros);
                    if (status[job.index()] == 202) {
                        accepted.recordValue(micros);
                    }
                    connections.release();
                    done.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /**
         * Every delivery of the phase as a line "scheduled send (epoch ms) latency (ms) status", to line latency
         * spikes up with what else happened on the machine at that moment (GC and PostgreSQL logs, etc.).
         */
        void trace(Path file) throws IOException {
            long epochStartMillis = System.currentTimeMillis() - (System.nanoTime() - startNanos) / 1_000_000;
            double interval = 1e3 / rate;
            StringBuilder out = new StringBuilder("# scheduled_epoch_ms latency_ms status\n");
            for (int i = 0; i < count; i++) {
                out.append(String.format(Locale.ROOT, "%.1f %.3f %d%n", epochStartMillis + i * interval,
                        latencyMicros[i] / 1000.0, status[i]));
            }
            Files.writeString(file, out);
        }

        long errorCount() {
            return errors.values().stream().mapToLong(LongAdder::sum).sum();
        }

        long with(int code) {
            long n = 0;
            for (short s : status) {
                n += s == code ? 1 : 0;
            }
            return n;
        }

        /** Events announced by the 202 answers. */
        long announcedEvents() {
            long n = 0;
            for (int i = 0; i < count; i++) {
                if (status[i] == 202 && events[i] > 0) {
                    n += events[i];
                }
            }
            return n;
        }

        /** Events this phase's accepted deliveries should map to, from the kinds sent. */
        long expectedEvents() {
            long n = 0;
            for (int i = 0; i < count; i++) {
                if (status[i] == 202) {
                    n += schedule[(int) ((first + i) % schedule.length)].events();
                }
            }
            return n;
        }
    }

    // ---------------------------------------------------------------- dashboard queries

    /** GraphQL dashboard reads of the value stream, open loop at a modest rate, one at a time. */
    final class Queries {
        final double rate;
        /** Latencies from each query's scheduled time; guarded by this. */
        final Histogram ms = Latency.histogram();
        final Map<String, Integer> errors = new TreeMap<>();
        volatile boolean stop;

        Queries(double rate) {
            this.rate = rate;
        }

        /** Runs {@link #loop} on a daemon thread of this name; set {@link #stop} and join it to end. */
        Thread start(String name) {
            Thread t = new Thread(this::loop, name);
            t.setDaemon(true);
            t.start();
            return t;
        }

        void loop() {
            if (rate <= 0) {
                return;
            }
            long start = System.nanoTime();
            double interval = 1e9 / rate;
            for (long i = 0; !stop; i++) {
                long scheduled = start + (long) (i * interval);
                long wait;
                while ((wait = scheduled - System.nanoTime()) > 0 && !stop) {
                    LockSupport.parkNanos(Math.min(wait, 5_000_000));
                }
                if (stop) {
                    return;
                }
                Instant now = Instant.now();
                String window = "{from: \"" + now.minus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS) + "\", to: \""
                        + now.plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS) + "\", granularity: DAY}";
                String query = "{ valueStream(id: \"" + streamId + "\") { flow(window: " + window + ") { velocity load "
                        + "flowTime { count p50 p85 } flowEfficiency velocitySeries { value } } stageMetrics(window: "
                        + window + ") { stage wip share time { p50 } } dora(window: " + window + ") { deployments "
                        + "deploymentFrequency { value band } } } }";
                String error = null;
                try {
                    String answer = graphql.call(query);
                    if (Graphql.hasErrors(answer)) {
                        error = "GraphQL errors: " + abbreviate(answer);
                    }
                } catch (Exception e) {
                    error = abbreviate(e.getMessage());
                }
                synchronized (this) {
                    Latency.recordSince(ms, scheduled);
                    if (error != null) {
                        errors.merge(error, 1, Integer::sum);
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- results

    void deliveryRows(Phase p, double rate, int duration) {
        Histogram ms = p.accepted;
        long ok = p.with(202);
        long connectionErrors = p.with(0);
        Map<Integer, Long> others = new TreeMap<>();
        for (short s : p.status) {
            if (s != 202 && s != 0) {
                others.merge((int) s, 1L, Long::sum);
            }
        }
        long non202 = others.values().stream().mapToLong(Long::longValue).sum();
        double achieved = ok / p.seconds;
        results.add("deliveries sent (" + duration + " s at " + (long) rate + "/s)",
                String.format(Locale.ROOT, "%,d", p.count), String.format(Locale.ROOT, "%,d", p.sent.get()),
                p.sent.get() == p.count ? "PASS" : "FAIL");
        results.add("answered 202", String.format(Locale.ROOT, "%,d", p.count),
                String.format(Locale.ROOT, "%,d", ok), ok == p.count ? "PASS" : "FAIL");
        results.add("non-202 answers (by status)", "0",
                non202 == 0 ? "0" : String.format(Locale.ROOT, "%,d %s", non202, others), non202 == 0 ? "PASS" : "FAIL");
        results.add("connection errors", "0", connectionErrors == 0 ? "0"
                : String.format(Locale.ROOT, "%,d %s", connectionErrors, errorClasses(p)), connectionErrors == 0 ? "PASS" : "FAIL");
        results.add("achieved rate of 202s (first send to last answer)", String.format(Locale.ROOT, ">= %,.0f/s", rate * 0.99),
                String.format(Locale.ROOT, "%,.1f/s", achieved), achieved >= rate * 0.99 ? "PASS" : "FAIL");
        if (ms.getTotalCount() > 0) {
            for (int pct : new int[] {50, 90}) {
                results.add("202 latency p" + pct + " (from scheduled send)", "(info)",
                        String.format(Locale.ROOT, "%.1f ms", Latency.ms(ms, pct)), "-");
            }
            // --p99-target MS makes the p99 a figure that passes or fails (issue 7: <= 50 ms at 500/s)
            double p99 = Latency.ms(ms, 99);
            String target = opt.get("p99-target");
            results.add("202 latency p99 (from scheduled send)", target.isEmpty() ? "(info)" : "<= " + target + " ms",
                    String.format(Locale.ROOT, "%.1f ms", p99),
                    target.isEmpty() ? "-" : p99 <= Double.parseDouble(target) ? "PASS" : "FAIL");
            results.add("202 latency max", "(info)", String.format(Locale.ROOT, "%.1f ms", Latency.maxMs(ms)), "-");
        }
        if (p.lateStarts.get() > 0) {
            notes.add(String.format(Locale.ROOT, "%,d of %,d sends started more than 1 ms after their scheduled time (all "
                    + "%s connections busy, or the sender starved of CPU); their latency counts from the scheduled time",
                    p.lateStarts.get(), p.count, opt.get("connections")));
        }
        p.errors.forEach((k, v) -> notes.add(String.format(Locale.ROOT, "%s: %,d x %s", p.name, v.sum(), k)));
    }

    static String errorClasses(Phase p) {
        Map<String, Long> m = new TreeMap<>();
        p.errors.forEach((k, v) -> {
            if (!k.startsWith("HTTP ")) {
                m.put(k, v.sum());
            }
        });
        return m.toString();
    }

    void queryRows(Queries q) {
        Histogram ms;
        synchronized (q) {
            ms = q.ms.copy();
        }
        int failed = q.errors.values().stream().mapToInt(Integer::intValue).sum();
        if (ms.getTotalCount() == 0) {
            return;
        }
        results.add("dashboard queries meanwhile (flow+stageMetrics+dora)", "(info)",
                String.format(Locale.ROOT, "%,d, p50 %.1f ms, p99 %.1f ms", ms.getTotalCount(), Latency.ms(ms, 50),
                        Latency.ms(ms, 99)), "-");
        results.add("dashboard query errors", "0", Integer.toString(failed), failed == 0 ? "PASS" : "FAIL");
        q.errors.forEach((k, v) -> notes.add("query error x" + v + ": " + k));
    }

    /** Waits until the facts hold every event the accepted deliveries announced, then compares. */
    void factRows() throws Exception {
        long announced = phases.stream().mapToLong(Phase::announcedEvents).sum();
        long expected = phases.stream().mapToLong(Phase::expectedEvents).sum();
        long accepted = phases.stream().mapToLong(p -> p.with(202)).sum();
        if (announced != expected) {
            notes.add(String.format(Locale.ROOT, "the 202 answers announced %,d events, the kinds sent map to %,d", announced, expected));
        }
        String like = "'github:" + repo + "#%'";
        String facts = "select (select count(*) from metrics.work_item where item_id like " + like + ")"
                + " + (select count(*) from metrics.transition where item_id like " + like + ")"
                + " + (select count(*) from metrics.change where change_id like " + like + ")"
                + " + (select count(*) from metrics.deployment where deployment_id like 'github:" + repo + ":deployment:%')";
        long waitStart = System.nanoTime();
        long limit = opt.longValue("wait") * 1_000_000_000L;
        long found = -1;
        long lastChange = System.nanoTime();
        long lastReport = 0;
        while (true) {
            long now = Psql.count(opt.get("metrics-db"), facts);
            if (now != found) {
                lastChange = System.nanoTime();
                found = now;
            }
            if (found >= expected) {
                break;
            }
            if (System.nanoTime() - lastReport > 5_000_000_000L) {
                log("  waiting for facts: %,d / %,d events in metrics-service, %s outbox rows unpublished", found, expected,
                        unpublished());
                lastReport = System.nanoTime();
            }
            if (System.nanoTime() - waitStart > limit || System.nanoTime() - lastChange > 120_000_000_000L) {
                notes.add(String.format(Locale.ROOT, "gave up waiting after %.0f s (no new fact for %.0f s)",
                        (System.nanoTime() - waitStart) / 1e9, (System.nanoTime() - lastChange) / 1e9));
                break;
            }
            Thread.sleep(1000);
        }
        double waited = (System.nanoTime() - waitStart) / 1e9;
        // a few seconds more: anything beyond the expected count would be a fact no 202 announced
        Thread.sleep(3000);
        found = Psql.count(opt.get("metrics-db"), facts);
        log("facts complete %.1f s after the last delivery was answered", waited);
        long raw = Psql.count(opt.get("ingest-db"), "select count(*) from ingest.raw_payload where connector_id = '" + connectorId + "'");
        long outbox = Psql.count(opt.get("ingest-db"), "select count(*) from ingest.outbox where event_id like 'github:" + repo + "%'");
        long distinct = Psql.count(opt.get("ingest-db"),
                "select count(distinct event_id) from ingest.outbox where event_id like 'github:" + repo + "%'");
        long lost = Math.max(0, expected - found);
        results.add("deliveries stored raw (all phases)", String.format(Locale.ROOT, "%,d", accepted),
                String.format(Locale.ROOT, "%,d", raw), raw == accepted ? "PASS" : "FAIL");
        results.add("events expected (all phases) / found as facts", String.format(Locale.ROOT, "%,d", expected),
                String.format(Locale.ROOT, "%,d", found), found == expected ? "PASS" : "FAIL");
        results.add("events lost", "0", String.format(Locale.ROOT, "%,d", lost), lost == 0 ? "PASS" : "FAIL");
        results.add("duplicate events in the outbox", "0", String.format(Locale.ROOT, "%,d", outbox - distinct),
                outbox == distinct ? "PASS" : "FAIL");
        results.add("facts complete after the last 202", "(info)", String.format(Locale.ROOT, "%.1f s", waited), "-");
    }

    /** Outbox rows not yet published: the pending queue where the schema has one, else the unsent rows; "?" if neither. */
    String unpublished() {
        for (String sql : new String[] {"select count(*) from ingest.outbox_pending",
                "select count(*) from ingest.outbox where sent_at is null"}) {
            try {
                return String.format(Locale.ROOT, "%,d", Psql.count(opt.get("ingest-db"), sql));
            } catch (Exception e) {
                // another schema version: try the next form
            }
        }
        return "?";
    }

    boolean report() throws Exception {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Flowlens webhook load benchmark, %s%n", Instant.now()));
        out.append(String.format(Locale.ROOT, "machine: %d cores, %s, host writeback %s; java %s; load average %s%n",
                Runtime.getRuntime().availableProcessors(), Text.memory(), opt.get("writeback"), System.getProperty("java.version"),
                Text.loadAverage()));
        Phase main = phases.get(phases.size() - 1);
        out.append(String.format(Locale.ROOT, "run: %s, POST /webhooks/github/{connectorId} at %s/s for %s s (+%s s warm-up), "
                        + "at most %s connections, mix per 10: %s; dashboard queries at %s/s%n",
                run, opt.get("rate"), opt.get("duration"), opt.get("warmup"), opt.get("connections"), mix(), opt.get("query-rate")));
        out.append(String.format(Locale.ROOT, "bodies: %s bytes on average%n%n", averageBody()));
        out.append(results.render(52, 10, 40, 116));
        boolean pass = results.passed();
        if (!notes.isEmpty()) {
            out.append("\nnotes:\n");
            notes.forEach(n -> out.append("- ").append(n).append('\n'));
        }
        out.append(pass ? "\nwebhooks: PASS\n" : "\nwebhooks: FAIL\n");
        Table.emit(out.toString(), opt.get("out"), false);
        if (main.done.get() < main.count) {
            pass = false;
        }
        return pass;
    }

    String mix() {
        List<String> s = new ArrayList<>();
        for (Kind k : KINDS) {
            s.add(k.weight() + " " + k.description() + " (" + k.events() + " event" + (k.events() > 1 ? "s" : "") + ")");
        }
        return String.join(", ", s);
    }

    String averageBody() {
        Random r = new Random(1);
        long total = 0;
        for (int i = 0; i < schedule.length; i++) {
            total += delivery(i, r).body().length;
        }
        return String.format(Locale.ROOT, "%,d", total / schedule.length);
    }

    // ---------------------------------------------------------------- setup through GraphQL

    void saveConnectorAndStream() throws Exception {
        connectorId = graphql.data("mutation { saveConnector(input: { kind: GITHUB, name: \"Webhook bench " + run + "\", "
                + "baseUrl: \"https://github.com\", selector: \"" + repo + "\", webhookSecret: \"" + secret + "\" }) "
                + "{ id webhookUrl } }").path("saveConnector").path("id").asText();
        if (connectorId.isEmpty()) {
            throw new IllegalStateException("saveConnector answered no id");
        }
        String id = graphql.data("mutation { saveValueStream(input: { id: \"" + streamId + "\", name: \"Webhook bench " + run + "\", "
                + "scope: { projects: [\"" + repo + "\"], services: [\"" + repo + "\"] }, "
                + "stages: [ { name: \"Open\", statuses: [\"open\"], kind: ACTIVE } ], doneStatuses: [\"closed\"], "
                + "productionEnvironments: [\"production\"] }) { id } }").path("saveValueStream").path("id").asText();
        if (!streamId.equals(id)) {
            throw new IllegalStateException("saveValueStream failed: answered id " + id);
        }
    }

    // ---------------------------------------------------------------- where the CPU went

    /**
     * CPU seconds so far (user + system) of the machine (all cores, from /proc/stat), of the bench stack's services
     * (pid files of bin/flowlens), of every postgres and RabbitMQ (beam.smp) process and of this client. On a
     * machine shared with other work, "machine" minus the rest shows how much CPU the others took.
     */
    Map<String, Double> cpuSeconds() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        try {
            double hz = 100.0; // USER_HZ: 100 on Linux
            String[] total = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            double busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) { // user nice system irq softirq steal
                busy += Double.parseDouble(total[i]);
            }
            cpu.put("machine", busy / hz);
            for (String svc : new String[] {"ingest-service", "metrics-service", "gateway"}) {
                Path pidFile = Path.of(opt.get("pids"), "bench-" + svc + ".pid");
                if (Files.isReadable(pidFile)) {
                    cpu.put(svc, processSeconds(Files.readString(pidFile).trim(), hz));
                }
            }
            double postgres = 0;
            double rabbit = 0;
            try (var dirs = Files.list(Path.of("/proc"))) {
                for (Path d : (Iterable<Path>) dirs::iterator) {
                    String name = d.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    try {
                        String comm = Files.readString(d.resolve("comm")).trim();
                        if (comm.equals("postgres")) {
                            postgres += processSeconds(name, hz);
                        } else if (comm.equals("beam.smp")) {
                            rabbit += processSeconds(name, hz);
                        }
                    } catch (IOException gone) {
                        // the process ended meanwhile
                    }
                }
            }
            cpu.put("postgres", postgres);
            cpu.put("rabbitmq", rabbit);
            cpu.put("this client", processSeconds(Long.toString(ProcessHandle.current().pid()), hz));
        } catch (Exception e) {
            cpu.clear(); // not Linux, or /proc unreadable: no CPU note
        }
        return cpu;
    }

    static double processSeconds(String pid, double hz) throws IOException {
        String stat = Files.readString(Path.of("/proc", pid, "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Double.parseDouble(f[11]) + Double.parseDouble(f[12])) / hz; // utime, stime (fields 14, 15)
    }

    void cpuNote(Map<String, Double> before, Map<String, Double> after, double seconds) {
        if (before.isEmpty() || after.isEmpty() || !before.containsKey("machine")) {
            return;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        double machine = after.get("machine") - before.get("machine");
        double ours = 0;
        List<String> parts = new ArrayList<>();
        for (String k : after.keySet()) {
            if (!k.equals("machine") && before.containsKey(k)) {
                double used = after.get(k) - before.get(k);
                ours += used;
                parts.add(String.format(Locale.ROOT, "%s %.0f%%", k, 100 * used / seconds));
            }
        }
        notes.add(String.format(Locale.ROOT, "CPU during the measured %.0f s (%% of one core): machine %.0f%% of %d00%%; %s; "
                + "everything else %.0f%%", seconds, 100 * machine / seconds, cores, String.join(", ", parts),
                100 * Math.max(0, machine - ours) / seconds));
    }

    // ---------------------------------------------------------------- helpers

    static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
