package dev.flowlens.tools.bench;

import static dev.flowlens.tools.common.Text.log;
import static dev.flowlens.tools.common.Text.secondsSince;
import static dev.flowlens.tools.common.Text.sleep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowlens.tools.common.Events;
import dev.flowlens.tools.common.Graphql;
import dev.flowlens.tools.common.Http;
import dev.flowlens.tools.common.Json;
import dev.flowlens.tools.common.Latency;
import dev.flowlens.tools.common.Options;
import dev.flowlens.tools.common.Table;
import dev.flowlens.tools.common.Text;
import dev.flowlens.tools.common.Token;
import java.io.IOException;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * Flowlens metrics benchmark (issue 3), run by {@code bin/bench-metrics}, which starts a fresh, separate stack for it.
 *
 * <pre>
 *   bin/tools bench.MetricsBench [--oidc URL] [--ingest URL] [--gateway URL]
 *        [--items N] [--changes N] [--deployments N] [--seed N] [--iterations N] [--out FILE] [--measure-only true]
 * </pre>
 *
 * Generates a seeded history (a year ending now) of work items moving through a six-status workflow with reopens
 * (about 10 transitions per item), merged changes, production deployments shipping them and incidents; loads it
 * through the real ingest path (POST /api/v1/events, batches of 5,000); saves a value stream through GraphQL; waits
 * until the numbers are complete; then measures warm GraphQL latencies and freshness, and prints
 * figure | target | measured | pass.
 */
public class MetricsBench {

    static final String[] WORKFLOW = {"To Do", "In Progress", "In Review", "Ready for QA", "In QA", "Done"};
    /** Mean dwell in hours of each status before the next move (index = status). */
    static final double[] DWELL_HOURS = {72, 48, 24, 36, 12};
    static final String[] TYPES = {"feature", "feature", "feature", "defect", "defect", "risk", "debt"};
    static final int BATCH = 5000;
    static final String STREAM_ID = "bench";

    final Options opt;
    final HttpClient http = Http.client(Duration.ofSeconds(10));
    final Random random;
    final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    final Instant start = now.minus(365, ChronoUnit.DAYS);
    /** The generated events, each serialized (a year of them as trees would not fit the heap). */
    final List<String> events = new ArrayList<>();
    final Table results = new Table();
    final Token ingestToken;
    final Graphql graphql;
    int transitions;
    int successfulDeployments;

    MetricsBench(Options opt) {
        this.opt = opt;
        this.random = new Random(opt.longValue("seed"));
        this.ingestToken = Token.ingest(http, opt.get("oidc"), Duration.ofMinutes(10));
        this.graphql = Graphql.asAdmin(http, opt, Duration.ofMinutes(10), 120_000);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> defaults = Options.table(Options.BENCH_STACK + """
                items         100000
                changes       10000
                deployments   3000
                seed          7
                iterations    100
                out           ""
                measure-only  false
                """);
        new MetricsBench(Options.parseOrExit(args, defaults)).run();
    }

    void run() throws Exception {
        ingestToken.get();
        long t0 = System.nanoTime();
        generate();
        if (opt.flag("measure-only")) {
            log("measure-only: the stack already holds this seed's data");
            measureAll();
            return;
        }
        log("generated %,d events: %,d items, %,d transitions, %s changes, %,d successful deployments (%.1f s)",
                events.size(), opt.integer("items"), transitions, opt.get("changes"), successfulDeployments,
                secondsSince(t0));

        saveStream();
        long loadStart = System.nanoTime();
        postAll(events);
        double postSeconds = secondsSince(loadStart);
        log("posted in %.1f s (%,.0f events/s accepted)", postSeconds, events.size() / postSeconds);
        waitUntilComplete();
        double loadSeconds = secondsSince(loadStart);
        log("all facts queryable %.1f s after the first post", loadSeconds);
        results.info("load " + String.format(Locale.ROOT, "%,d", events.size()) + " events until queryable",
                String.format(Locale.ROOT, "%.1f s", loadSeconds));
        measureAll();
    }

    /** One dashboard query: what it is, its p95 target in ms (0: none, its max is reported) and its GraphQL text. */
    record Query(String figure, double targetMs, String text) {
    }

    /**
     * The dashboard queries of stream {@code streamId} over a history of the year before {@code now}: the four
     * windowed ones (targets on their p95) and DORA lead time over all changes (target on its max). Shared with
     * {@link ScaleBench}, which runs them over seeded databases.
     */
    static List<Query> queries(String streamId, Instant now) {
        Instant start = now.minus(365, ChronoUnit.DAYS);
        String w90 = window(now.minus(90, ChronoUnit.DAYS), now, "WEEK");
        String w180 = window(now.minus(180, ChronoUnit.DAYS), now, "WEEK");
        String wAll = window(start, now.plus(1, ChronoUnit.DAYS), "MONTH");
        String stream = "{ valueStream(id: \"" + streamId + "\") { ";
        String dashboard = stream
                + "flow(window: " + w90 + ") { velocity load flowTime { p50 p85 } flowEfficiency "
                + "velocitySeries { value } loadSeries { value } distribution { itemType share } } "
                + "stageMetrics(window: " + w90 + ") { stage wip share isBottleneck time { p50 } } "
                + "dora(window: " + w90 + ") { deployments deploymentFrequency { value band } "
                + "leadTimeForChanges { count p50 } changeFailureRate { value } timeToRestore { p50 } } } }";
        String cfd = stream + "cumulativeFlow(window: " + w180 + ") { day done stages { stage count } } } }";
        String leadAll = stream + "dora(window: " + wAll
                + ") { deployments leadTimeForChanges { count mean p50 p85 p95 } leadTimeBand } } }";
        String delivery = stream + "delivery(window: " + w90 + ") { merged "
                + "unreviewedShare slowestPhase codingTime { p50 } pickupTime { p50 } reviewTime { p50 } "
                + "deployTime { p50 } timeToMerge { p50 } } } }";
        String toProduction = stream + "toProduction(window: " + w90 + ") { "
                + "delivered releaseQueue ideaToProduction { p50 p85 } doneToProduction { p50 } } } }";
        return List.of(new Query("flow + stageMetrics + dora, 90 days", 50, dashboard),
                new Query("delivery, 90 days", 50, delivery),
                new Query("toProduction, 90 days", 50, toProduction),
                new Query("cumulativeFlow, 180 days", 200, cfd),
                new Query("DORA lead time over all changes", 0, leadAll));
    }

    void measureAll() throws Exception {
        int iterations = opt.integer("iterations");
        for (Query q : queries(STREAM_ID, now)) {
            if (q.targetMs() > 0) {
                results.add(row(q.figure() + ", p95", q.targetMs(), measure(graphql, q.text(), iterations, 300)));
                continue;
            }
            double max = Latency.maxMs(measure(graphql, q.text(), Math.max(5, iterations / 10), 300));
            JsonNode count = graphql.data(q.text()).findValue("count");
            results.check(q.figure() + " (" + (count == null ? "?" : count.asText()) + " linked), max",
                    "<= 1000 ms", String.format(Locale.ROOT, "%.1f ms", max), max <= 1000);
        }
        double fresh = freshness();
        results.check("new events reflected in flow velocity", "<= 2000 ms",
                String.format(Locale.ROOT, "%.0f ms", fresh), fresh <= 2000);
        report();
    }

    // ---------------------------------------------------------------- generation

    void generate() {
        int items = opt.integer("items");
        for (int i = 0; i < items; i++) {
            String key = "BEN-" + (i + 1);
            String itemId = "bench:item:" + key;
            Instant created = start.plusSeconds((long) (random.nextDouble() * 355 * 86400));
            events.add(upsert(itemId, key, TYPES[random.nextInt(TYPES.length)], created));
            int reopens = random.nextDouble() < 0.25 ? 0 : random.nextDouble() < 0.67 ? 1 : 2;
            Instant at = created;
            int n = 0;
            for (int round = 0; round <= reopens; round++) {
                int current = round == 0 ? 0 : 5;
                for (int next : new int[] {1, 2, 3, 4, 5}) {
                    double mean = DWELL_HOURS[current == 5 ? 0 : current];
                    at = at.plusSeconds(60 + (long) (-Math.log(1 - random.nextDouble()) * mean * 3600));
                    if (!at.isBefore(now)) {
                        break;
                    }
                    events.add(move(itemId, ++n, WORKFLOW[current], WORKFLOW[next], at));
                    transitions++;
                    current = next;
                }
                if (!at.isBefore(now)) {
                    break;
                }
            }
        }
        generateDelivery();
    }

    void generateDelivery() {
        int changes = opt.integer("changes");
        int deployments = opt.integer("deployments");
        Instant[] deployTimes = new Instant[deployments];
        for (int i = 0; i < deployments; i++) {
            deployTimes[i] = start.plusSeconds((long) (random.nextDouble() * 364 * 86400));
        }
        Arrays.sort(deployTimes);
        boolean[] success = new boolean[deployments];
        List<List<String>> shipped = new ArrayList<>();
        for (int i = 0; i < deployments; i++) {
            success[i] = random.nextDouble() < 0.9;
            shipped.add(new ArrayList<>());
        }
        for (int c = 0; c < changes; c++) {
            Instant merged = start.plusSeconds((long) (random.nextDouble() * 360 * 86400));
            Instant firstCommit = merged.minusSeconds(3600 + random.nextInt(5 * 86400));
            String sha = String.format(Locale.ROOT, "%040x", new BigInteger(160, random));
            events.add(merged("bench:change:" + c, sha, firstCommit, merged, "BEN-" + (1 + random.nextInt(1000))));
            if (random.nextDouble() < 0.8) {
                // code review (issue 25): most changes get a review by someone else between first commit and merge
                Instant reviewed = firstCommit.plusSeconds((long) (random.nextDouble()
                        * Math.max(1, merged.getEpochSecond() - firstCommit.getEpochSecond())));
                events.add(review("bench:change:" + c, reviewed));
            }
            int d = Arrays.binarySearch(deployTimes, merged);
            d = d >= 0 ? d : -d - 1;
            while (d < deployments && !success[d]) {
                shipped.get(d).add(sha); // a failed deployment also carried it; the next success ships it
                d++;
            }
            if (d < deployments) {
                shipped.get(d).add(sha);
            }
        }
        for (int i = 0; i < deployments; i++) {
            String id = "bench:deploy:" + i;
            events.add(deployment(id, success[i], deployTimes[i], shipped.get(i)));
            if (success[i]) {
                successfulDeployments++;
                if (random.nextDouble() < 0.05) {
                    Instant opened = deployTimes[i].plusSeconds(600 + random.nextInt(7200));
                    Instant resolved = opened.plusSeconds(600 + random.nextInt(86400));
                    if (resolved.isBefore(now)) {
                        events.add(incident("bench:incident:" + i, id, opened, resolved));
                    }
                }
            }
        }
    }

    static String upsert(String itemId, String key, String type, Instant created) {
        return Json.text(Events.event(itemId + ":upsert", "bench/jira", "workitem.upserted", created, key,
                Json.object().put("itemId", itemId).put("key", key).put("title", "Bench " + key).put("itemType", type)
                        .put("project", "BEN").put("team", "bench").put("status", "To Do")
                        .put("createdAt", Events.iso(created))));
    }

    static String move(String itemId, int n, String from, String to, Instant at) {
        return Json.text(Events.event(itemId + ":t" + n, "bench/jira", "workitem.transitioned", at, null,
                Events.transition(itemId, from, to, at)));
    }

    static String merged(String id, String sha, Instant firstCommit, Instant merged, String key) {
        ObjectNode data = Json.object().put("changeId", id).put("repository", "bench/app").put("title", key + " change")
                .put("createdAt", Events.iso(firstCommit)).put("firstCommitAt", Events.iso(firstCommit))
                .put("mergedAt", Events.iso(merged)).put("mergeCommitSha", sha);
        data.putArray("workItemKeys").add(key);
        return Json.text(Events.event(id + ":merged", "bench/github", "change.merged", merged, null, data));
    }

    static String review(String changeId, Instant submitted) {
        String reviewId = changeId + ":review:1";
        return Json.text(Events.event(reviewId, "bench/github", "change.reviewed", submitted, null, Json.object()
                .put("reviewId", reviewId).put("changeId", changeId).put("repository", "bench/app")
                .put("reviewer", "reviewer").put("state", "approved").put("submittedAt", Events.iso(submitted))));
    }

    static String deployment(String id, boolean success, Instant finished, List<String> shas) {
        ObjectNode data = Json.object().put("deploymentId", id).put("service", "bench-api")
                .put("environment", "production").put("status", success ? "success" : "failure")
                .put("startedAt", Events.iso(finished.minusSeconds(300))).put("finishedAt", Events.iso(finished));
        shas.forEach(data.putArray("commitShas")::add);
        return Json.text(Events.event(id, "bench/github", "deployment.finished", finished, null, data));
    }

    static String incident(String id, String deploymentId, Instant opened, Instant resolved) {
        return Json.text(Events.event(id + ":resolved", "bench/pager", "incident.resolved", resolved, null,
                Json.object().put("incidentId", id).put("service", "bench-api").put("openedAt", Events.iso(opened))
                        .put("resolvedAt", Events.iso(resolved)).put("causedByDeploymentId", deploymentId)));
    }

    static String window(Instant from, Instant to, String granularity) {
        return "{from: \"" + from + "\", to: \"" + to + "\", granularity: " + granularity + "}";
    }

    // ---------------------------------------------------------------- loading

    void postAll(List<String> all) throws Exception {
        Semaphore inFlight = new Semaphore(3);
        AtomicInteger done = new AtomicInteger();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        long lastReport = System.nanoTime();
        for (int from = 0; from < all.size(); from += BATCH) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + BATCH));
            byte[] body = ("[" + String.join(",", batch) + "]").getBytes(StandardCharsets.UTF_8);
            inFlight.acquire();
            futures.add(CompletableFuture.runAsync(() -> {
                try {
                    postBatch(body);
                    done.addAndGet(batch.size());
                } finally {
                    inFlight.release();
                }
            }));
            if (System.nanoTime() - lastReport > 5_000_000_000L) {
                log("  posted %,d / %,d events", done.get(), all.size());
                lastReport = System.nanoTime();
            }
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
    }

    /** One batch, retried after a 503's Retry-After or a broken connection (ten attempts). */
    void postBatch(byte[] body) {
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> r = http.send(Http.events(opt.get("ingest"), ingestToken, body,
                        Duration.ofSeconds(60)), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 202) {
                    return;
                }
                if (r.statusCode() != 503 || attempt >= 10) {
                    throw new IllegalStateException("ingest answered " + r.statusCode() + ": " + r.body());
                }
                Thread.sleep(1000L * Long.parseLong(r.headers().firstValue("Retry-After").orElse("2")));
            } catch (IOException e) {
                if (attempt >= 10) {
                    throw new IllegalStateException("ingest unreachable: " + e.getMessage(), e);
                }
                sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    void saveStream() throws Exception {
        String mutation = "mutation { saveValueStream(input: { id: \"" + STREAM_ID + "\", name: \"Benchmark\", "
                // the repository named, as a team's stream does: none would take every repository's changes
                + "scope: { projects: [\"BEN\"], services: [\"bench-api\"], repositories: [\"bench/app\"] }, "
                + "stages: ["
                + "{ name: \"Build\", statuses: [\"In Progress\"], kind: ACTIVE }, "
                + "{ name: \"Review wait\", statuses: [\"In Review\"], kind: WAITING }, "
                + "{ name: \"QA queue\", statuses: [\"Ready for QA\"], kind: WAITING }, "
                + "{ name: \"QA\", statuses: [\"In QA\"], kind: ACTIVE } ], "
                + "doneStatuses: [\"Done\"] }) { id } }";
        String id = graphql.data(mutation).path("saveValueStream").path("id").asText();
        if (!STREAM_ID.equals(id)) {
            throw new IllegalStateException("saveValueStream failed: answered id " + id);
        }
    }

    /** Waits until every item and deployment is in, and the all-time velocity has stopped moving. */
    void waitUntilComplete() throws Exception {
        int items = opt.integer("items");
        String probe = "{ valueStream(id: \"" + STREAM_ID + "\") { workItems(first: 1) { total } "
                + "flow(window: " + window(start, now.plus(1, ChronoUnit.DAYS), "MONTH") + ") { velocity } "
                + "dora(window: " + window(start, now.plus(1, ChronoUnit.DAYS), "MONTH") + ") { deployments } } }";
        JsonNode last = null;
        int stable = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(60).toNanos();
        long lastReport = 0;
        while (System.nanoTime() < deadline) {
            JsonNode answer = Json.tree(graphql.call(probe));
            int total = answer.findPath("total").asInt(-1);
            int deployments = answer.findPath("deployments").asInt(-1);
            if (total == items && deployments == successfulDeployments) {
                stable = answer.equals(last) ? stable + 1 : 0;
                if (stable >= 2) {
                    return;
                }
            }
            if (System.nanoTime() - lastReport > 10_000_000_000L) {
                log("  waiting for facts: %,d / %,d items, %,d / %,d deployments", total, items, deployments,
                        successfulDeployments);
                lastReport = System.nanoTime();
            }
            last = answer;
            sleep(2000);
        }
        throw new IllegalStateException("facts did not complete within 60 minutes");
    }

    // ---------------------------------------------------------------- measuring

    /**
     * Warm latencies of one query: the services' query paths are cold after a load (the JIT compiles them after some
     * thousands of calls), so the query first runs for 15 s, or at least {@code minWarm} times, unmeasured; then
     * {@code iterations} calls one after the other are recorded. A GraphQL error ends the benchmark.
     */
    static Histogram measure(Graphql graphql, String query, int iterations, int minWarm) throws Exception {
        long warmUntil = System.nanoTime() + 15_000_000_000L;
        for (int i = 0; i < minWarm || System.nanoTime() < warmUntil; i++) {
            graphql.call(query);
        }
        Histogram latencies = Latency.histogram();
        for (int i = 0; i < iterations; i++) {
            long t = System.nanoTime();
            String answer = graphql.call(query);
            Latency.recordSince(latencies, t);
            if (Graphql.hasErrors(answer)) {
                throw new IllegalStateException("query failed: " + answer);
            }
        }
        return latencies;
    }

    /** Posts items that finish now and measures until the stream's velocity counts them. */
    double freshness() throws Exception {
        String probe = "{ valueStream(id: \"" + STREAM_ID + "\") { flow(window: "
                + window(now.minus(1, ChronoUnit.DAYS), now.plus(1, ChronoUnit.DAYS), "DAY") + ") { velocity } } }";
        int before = velocity(probe);
        List<String> fresh = new ArrayList<>();
        Instant created = Instant.now().minusSeconds(3600).truncatedTo(ChronoUnit.SECONDS);
        Instant doneAt = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
        int n = 20;
        for (int i = 0; i < n; i++) {
            String key = "BEN-FRESH-" + now.getEpochSecond() + "-" + i;
            String itemId = "bench:item:" + key;
            fresh.add(upsert(itemId, key, "feature", created));
            fresh.add(move(itemId, 1, "To Do", "In Progress", created.plusSeconds(60)));
            fresh.add(move(itemId, 2, "In Progress", "Done", doneAt));
        }
        postBatch(("[" + String.join(",", fresh) + "]").getBytes(StandardCharsets.UTF_8));
        long t = System.nanoTime();
        while (velocity(probe) < before + n) {
            if (System.nanoTime() - t > 60_000_000_000L) {
                throw new IllegalStateException("new events not visible after 60 s");
            }
            sleep(25);
        }
        return (System.nanoTime() - t) / 1e6;
    }

    int velocity(String probe) throws Exception {
        return Json.tree(graphql.call(probe)).findPath("velocity").asInt(-1);
    }

    static Table.Row row(String figure, double targetMs, Histogram latencies) {
        double p95 = Latency.ms(latencies, 95);
        return new Table.Row(figure, "<= " + (int) targetMs + " ms",
                String.format(Locale.ROOT, "%.1f ms (p50 %.1f)", p95, Latency.ms(latencies, 50)),
                p95 <= targetMs ? "PASS" : "FAIL");
    }

    // ---------------------------------------------------------------- output

    void report() throws IOException {
        String out = String.format(Locale.ROOT, "Flowlens metrics benchmark, %s%n", Instant.now())
                + String.format(Locale.ROOT, "machine: %d cores, %s; java %s%n",
                        Runtime.getRuntime().availableProcessors(), Text.memory(), System.getProperty("java.version"))
                + String.format(Locale.ROOT, "data: %,d items, %,d transitions, %s changes, %s deployments%n%n",
                        opt.integer("items"), transitions, opt.get("changes"), opt.get("deployments"))
                + results.render(58, 12, 24, 110);
        Table.emit(out, opt.get("out"), false);
    }
}
