/*
 * Flowlens metrics benchmark (issue 3): a single-file Java 17 program, JDK only.
 *
 *   java bin/bench/MetricsBench.java [--oidc URL] [--ingest URL] [--gateway URL]
 *        [--items N] [--changes N] [--deployments N] [--seed N] [--iterations N] [--out FILE]
 *
 * Generates a seeded history (a year ending now) of work items moving through a six-status
 * workflow with reopens (about 10 transitions per item), merged changes, production deployments
 * shipping them and incidents; loads it through the real ingest path (POST /api/v1/events,
 * batches of 5,000); saves a value stream through GraphQL; waits until the numbers are
 * complete; then measures warm GraphQL latencies and freshness, and prints
 * figure | target | measured | pass. Run it through bin/bench-metrics, which starts a fresh,
 * separate stack for it.
 */
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
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class MetricsBench {

    static final String[] WORKFLOW = {"To Do", "In Progress", "In Review", "Ready for QA", "In QA", "Done"};
    /** Mean dwell in hours of each status before the next move (index = status). */
    static final double[] DWELL_HOURS = {72, 48, 24, 36, 12};
    static final String[] TYPES = {"feature", "feature", "feature", "defect", "defect", "risk", "debt"};
    static final int BATCH = 5000;
    static final String STREAM_ID = "bench";

    final Map<String, String> opt;
    // HTTP/1.1 with keep-alive, as a dashboard's server-side client would use; the default h2c upgrade
    // attempt on plain http:// only adds noise to the latencies.
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    final Random random;
    final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    final Instant start = now.minus(365, ChronoUnit.DAYS);
    final List<String> events = new ArrayList<>();
    final List<String[]> results = new ArrayList<>();
    int transitions;
    int successfulDeployments;
    String ingestToken;
    String adminToken;
    Instant tokensAt;

    MetricsBench(Map<String, String> opt) {
        this.opt = opt;
        this.random = new Random(Long.parseLong(opt.get("seed")));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>();
        opt.put("oidc", "http://localhost:8180/realms/flowlens");
        opt.put("ingest", "http://localhost:28081");
        opt.put("gateway", "http://localhost:28080");
        opt.put("items", "100000");
        opt.put("changes", "10000");
        opt.put("deployments", "3000");
        opt.put("seed", "7");
        opt.put("iterations", "100");
        opt.put("out", "");
        opt.put("measure-only", "false");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--") && i + 1 < args.length && opt.containsKey(a.substring(2))) {
                opt.put(a.substring(2), args[++i]);
            } else {
                System.err.println("unknown argument: " + a + "; options: " + opt.keySet());
                System.exit(2);
            }
        }
        new MetricsBench(opt).run();
    }

    void run() throws Exception {
        refreshTokens();
        long t0 = System.nanoTime();
        generate();
        if (Boolean.parseBoolean(opt.get("measure-only"))) {
            log("measure-only: the stack already holds this seed's data");
            measureAll();
            return;
        }
        log("generated %,d events: %,d items, %,d transitions, %s changes, %,d successful deployments (%.1f s)",
                events.size(), Integer.parseInt(opt.get("items")), transitions, opt.get("changes"),
                successfulDeployments, secondsSince(t0));

        saveStream();
        long loadStart = System.nanoTime();
        postAll(events);
        double postSeconds = secondsSince(loadStart);
        log("posted in %.1f s (%,.0f events/s accepted)", postSeconds, events.size() / postSeconds);
        waitUntilComplete();
        double loadSeconds = secondsSince(loadStart);
        log("all facts queryable %.1f s after the first post", loadSeconds);
        results.add(new String[] {"load " + String.format(Locale.ROOT, "%,d", events.size())
                + " events until queryable", "(info)", String.format(Locale.ROOT, "%.1f s", loadSeconds), "-"});
        measureAll();
    }

    void measureAll() throws Exception {

        String w90 = window(now.minus(90, ChronoUnit.DAYS), now, "WEEK");
        String w180 = window(now.minus(180, ChronoUnit.DAYS), now, "WEEK");
        String wAll = window(start, now.plus(1, ChronoUnit.DAYS), "MONTH");
        String dashboard = "{ valueStream(id: \"" + STREAM_ID + "\") { "
                + "flow(window: " + w90 + ") { velocity load flowTime { p50 p85 } flowEfficiency "
                + "velocitySeries { value } loadSeries { value } distribution { itemType share } } "
                + "stageMetrics(window: " + w90 + ") { stage wip share isBottleneck time { p50 } } "
                + "dora(window: " + w90 + ") { deployments deploymentFrequency { value band } "
                + "leadTimeForChanges { count p50 } changeFailureRate { value } timeToRestore { p50 } } } }";
        String cfd = "{ valueStream(id: \"" + STREAM_ID + "\") { cumulativeFlow(window: " + w180
                + ") { day done stages { stage count } } } }";
        String leadAll = "{ valueStream(id: \"" + STREAM_ID + "\") { dora(window: " + wAll
                + ") { deployments leadTimeForChanges { count mean p50 p85 p95 } leadTimeBand } } }";

        int iterations = Integer.parseInt(opt.get("iterations"));
        double[] d = measure(dashboard, iterations);
        results.add(row("flow + stageMetrics + dora, 90 days, p95", 50, d));
        double[] c = measure(cfd, iterations);
        results.add(row("cumulativeFlow, 180 days, p95", 200, c));
        double[] l = measure(leadAll, Math.max(5, iterations / 10));
        String leadAnswer = graphql(leadAll);
        Matcher m = Pattern.compile("\"count\":(\\d+)").matcher(leadAnswer);
        String count = m.find() ? m.group(1) : "?";
        results.add(new String[] {"DORA lead time over all changes (" + count + " linked), max",
                "<= 1000 ms", String.format(Locale.ROOT, "%.1f ms", max(l)), max(l) <= 1000 ? "PASS" : "FAIL"});
        double fresh = freshness();
        results.add(new String[] {"new events reflected in flow velocity", "<= 2000 ms",
                String.format(Locale.ROOT, "%.0f ms", fresh), fresh <= 2000 ? "PASS" : "FAIL"});
        report();
    }

    // ---------------------------------------------------------------- generation

    void generate() {
        int items = Integer.parseInt(opt.get("items"));
        for (int i = 0; i < items; i++) {
            String key = "BEN-" + (i + 1);
            String itemId = "bench:item:" + key;
            Instant created = start.plusSeconds((long) (random.nextDouble() * 355 * 86400));
            events.add(upsert(itemId, key, TYPES[random.nextInt(TYPES.length)], created));
            int reopens = random.nextDouble() < 0.25 ? 0 : random.nextDouble() < 0.67 ? 1 : 2;
            Instant at = created;
            int n = 0;
            for (int round = 0; round <= reopens; round++) {
                int from = round == 0 ? 0 : 5;
                int[] path = round == 0 ? new int[] {1, 2, 3, 4, 5} : new int[] {1, 2, 3, 4, 5};
                int current = from;
                for (int next : path) {
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
        int changes = Integer.parseInt(opt.get("changes"));
        int deployments = Integer.parseInt(opt.get("deployments"));
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
            String sha = String.format(Locale.ROOT, "%040x", new java.math.BigInteger(160, random));
            events.add(merged("bench:change:" + c, sha, firstCommit, merged, "BEN-" + (1 + random.nextInt(1000))));
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
        return "{\"specversion\":\"1.0\",\"id\":\"" + itemId + ":upsert\",\"source\":\"bench/jira\","
                + "\"type\":\"workitem.upserted\",\"time\":\"" + created + "\",\"subject\":\"" + key + "\","
                + "\"data\":{\"itemId\":\"" + itemId + "\",\"key\":\"" + key + "\",\"title\":\"Bench " + key
                + "\",\"itemType\":\"" + type + "\",\"project\":\"BEN\",\"team\":\"bench\",\"status\":\"To Do\","
                + "\"createdAt\":\"" + created + "\"}}";
    }

    static String move(String itemId, int n, String from, String to, Instant at) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + itemId + ":t" + n + "\",\"source\":\"bench/jira\","
                + "\"type\":\"workitem.transitioned\",\"time\":\"" + at + "\",\"data\":{\"itemId\":\"" + itemId
                + "\",\"fromStatus\":\"" + from + "\",\"toStatus\":\"" + to + "\",\"at\":\"" + at + "\"}}";
    }

    static String merged(String id, String sha, Instant firstCommit, Instant merged, String key) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + ":merged\",\"source\":\"bench/github\","
                + "\"type\":\"change.merged\",\"time\":\"" + merged + "\",\"data\":{\"changeId\":\"" + id
                + "\",\"repository\":\"bench/app\",\"title\":\"" + key + " change\",\"createdAt\":\"" + firstCommit
                + "\",\"firstCommitAt\":\"" + firstCommit + "\",\"mergedAt\":\"" + merged
                + "\",\"mergeCommitSha\":\"" + sha + "\",\"workItemKeys\":[\"" + key + "\"]}}";
    }

    static String deployment(String id, boolean success, Instant finished, List<String> shas) {
        StringBuilder list = new StringBuilder();
        for (String s : shas) {
            list.append(list.length() == 0 ? "" : ",").append('"').append(s).append('"');
        }
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"bench/github\","
                + "\"type\":\"deployment.finished\",\"time\":\"" + finished + "\",\"data\":{\"deploymentId\":\"" + id
                + "\",\"service\":\"bench-api\",\"environment\":\"production\",\"status\":\""
                + (success ? "success" : "failure") + "\",\"startedAt\":\"" + finished.minusSeconds(300)
                + "\",\"finishedAt\":\"" + finished + "\",\"commitShas\":[" + list + "]}}";
    }

    static String incident(String id, String deploymentId, Instant opened, Instant resolved) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + ":resolved\",\"source\":\"bench/pager\","
                + "\"type\":\"incident.resolved\",\"time\":\"" + resolved + "\",\"data\":{\"incidentId\":\"" + id
                + "\",\"service\":\"bench-api\",\"openedAt\":\"" + opened + "\",\"resolvedAt\":\"" + resolved
                + "\",\"causedByDeploymentId\":\"" + deploymentId + "\"}}";
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
            String body = "[" + String.join(",", batch) + "]";
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

    void postBatch(String body) {
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(opt.get("ingest") + "/api/v1/events"))
                        .header("Authorization", "Bearer " + ingestToken()).header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 202) {
                    return;
                }
                if (r.statusCode() != 503 || attempt >= 10) {
                    throw new IllegalStateException("ingest answered " + r.statusCode() + ": " + r.body());
                }
                Thread.sleep(1000L * Long.parseLong(r.headers().firstValue("Retry-After").orElse("2")));
            } catch (java.io.IOException e) {
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
                + "scope: { projects: [\"BEN\"], services: [\"bench-api\"] }, stages: ["
                + "{ name: \"Build\", statuses: [\"In Progress\"], kind: ACTIVE }, "
                + "{ name: \"Review wait\", statuses: [\"In Review\"], kind: WAITING }, "
                + "{ name: \"QA queue\", statuses: [\"Ready for QA\"], kind: WAITING }, "
                + "{ name: \"QA\", statuses: [\"In QA\"], kind: ACTIVE } ], "
                + "doneStatuses: [\"Done\"] }) { id } }";
        String answer = graphql(mutation);
        if (!answer.contains("\"id\":\"" + STREAM_ID + "\"")) {
            throw new IllegalStateException("saveValueStream failed: " + answer);
        }
    }

    /** Waits until every item and deployment is in, and the all-time velocity has stopped moving. */
    void waitUntilComplete() throws Exception {
        int items = Integer.parseInt(opt.get("items"));
        String probe = "{ valueStream(id: \"" + STREAM_ID + "\") { workItems(first: 1) { total } "
                + "flow(window: " + window(start, now.plus(1, ChronoUnit.DAYS), "MONTH") + ") { velocity } "
                + "dora(window: " + window(start, now.plus(1, ChronoUnit.DAYS), "MONTH") + ") { deployments } } }";
        String last = null;
        int stable = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(60).toNanos();
        long lastReport = 0;
        while (System.nanoTime() < deadline) {
            String answer = graphql(probe);
            int total = intField(answer, "total");
            int deployments = intField(answer, "deployments");
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

    double[] measure(String query, int iterations) throws Exception {
        // warm: the services' query paths are cold after a load (the JIT compiles them after some thousands of
        // calls), so each query first runs for 15 s, or at least 300 times, unmeasured
        long warmUntil = System.nanoTime() + 15_000_000_000L;
        for (int i = 0; i < 300 || System.nanoTime() < warmUntil; i++) {
            graphql(query);
        }
        double[] ms = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long t = System.nanoTime();
            String answer = graphql(query);
            ms[i] = (System.nanoTime() - t) / 1e6;
            if (answer.contains("\"errors\"")) {
                throw new IllegalStateException("query failed: " + answer);
            }
        }
        Arrays.sort(ms);
        return ms;
    }

    /** Posts items that finish now and measures until the stream's velocity counts them. */
    double freshness() throws Exception {
        String probe = "{ valueStream(id: \"" + STREAM_ID + "\") { flow(window: "
                + window(now.minus(1, ChronoUnit.DAYS), now.plus(1, ChronoUnit.DAYS), "DAY") + ") { velocity } } }";
        int before = intField(graphql(probe), "velocity");
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
        postBatch("[" + String.join(",", fresh) + "]");
        long t = System.nanoTime();
        while (intField(graphql(probe), "velocity") < before + n) {
            if (System.nanoTime() - t > 60_000_000_000L) {
                throw new IllegalStateException("new events not visible after 60 s");
            }
            sleep(25);
        }
        return (System.nanoTime() - t) / 1e6;
    }

    /**
     * One GraphQL call. Uses HttpURLConnection, which sends headers and body in one TCP segment: the
     * JDK HttpClient writes them separately, and Nagle's algorithm against the server's delayed ACK
     * then adds a flat ~40 ms to every small POST, which would measure the client, not Flowlens.
     */
    String graphql(String query) throws Exception {
        byte[] body = ("{\"query\":\"" + query.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) URI.create(opt.get("gateway") + "/graphql")
                .toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setConnectTimeout(10_000);
        c.setReadTimeout(120_000);
        c.setRequestProperty("Authorization", "Bearer " + adminToken());
        c.setRequestProperty("Content-Type", "application/json");
        try (var out = c.getOutputStream()) {
            out.write(body);
        }
        int status = c.getResponseCode();
        byte[] answer;
        try (var in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            answer = in == null ? new byte[0] : in.readAllBytes();
        }
        String text = new String(answer, StandardCharsets.UTF_8);
        if (status != 200) {
            throw new IllegalStateException("gateway answered " + status + ": " + text);
        }
        return text;
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
        if (Duration.between(tokensAt, Instant.now()).toMinutes() >= 10) {
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

    static int intField(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    static String[] row(String figure, double targetMs, double[] sorted) {
        double p95 = percentile(sorted, 95);
        return new String[] {figure, "<= " + (int) targetMs + " ms",
                String.format(Locale.ROOT, "%.1f ms (p50 %.1f)", p95, percentile(sorted, 50)),
                p95 <= targetMs ? "PASS" : "FAIL"};
    }

    /** Nearest rank, as METRICS.md defines percentiles. */
    static double percentile(double[] sorted, int p) {
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length / 100.0) - 1)];
    }

    static double max(double[] sorted) {
        return sorted[sorted.length - 1];
    }

    void report() throws Exception {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Flowlens metrics benchmark, %s%n", Instant.now()));
        out.append(String.format(Locale.ROOT, "machine: %d cores, %s; java %s%n",
                Runtime.getRuntime().availableProcessors(), memory(), System.getProperty("java.version")));
        out.append(String.format(Locale.ROOT, "data: %,d items, %,d transitions, %s changes, %s deployments%n%n",
                Integer.parseInt(opt.get("items")), transitions, opt.get("changes"), opt.get("deployments")));
        out.append(String.format(Locale.ROOT, "%-58s | %-12s | %-24s | %s%n", "figure", "target", "measured", "pass"));
        out.append("-".repeat(110)).append('\n');
        for (String[] r : results) {
            out.append(String.format(Locale.ROOT, "%-58s | %-12s | %-24s | %s%n", r[0], r[1], r[2], r[3]));
        }
        System.out.print(out);
        if (!opt.get("out").isBlank()) {
            Files.writeString(Path.of(opt.get("out")), out.toString());
            System.out.println("written to " + opt.get("out"));
        }
    }

    static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D", ""));
                    return String.format(Locale.ROOT, "%.1f GiB memory", kb / 1048576.0);
                }
            }
        } catch (Exception ignored) {
            // not Linux: leave memory unknown
        }
        return "memory unknown";
    }

    static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void log(String format, Object... args) {
        System.out.println(java.time.LocalTime.now().withNano(0) + "  " + String.format(Locale.ROOT, format, args));
    }
}
