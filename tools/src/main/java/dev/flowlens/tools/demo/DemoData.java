package dev.flowlens.tools.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowlens.tools.common.Events;
import dev.flowlens.tools.common.Graphql;
import dev.flowlens.tools.common.Http;
import dev.flowlens.tools.common.Json;
import dev.flowlens.tools.common.Options;
import dev.flowlens.tools.common.Token;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Flowlens demo data loader, run by {@code bin/flowlens demo} and the dashboard's browser test.
 *
 * <pre>
 *   bin/tools demo.DemoData [--oidc URL] [--ingest URL] [--gateway URL] [--seed N] [--days N] [--dry-run]
 * </pre>
 *
 * Generates a seeded, realistic history (120 days ending today 00:00 UTC) for two
 * Jira-like projects, PAY (team payments) and OPS (team ops): work items moving
 * through the workflow, GitHub-like merged pull requests, production deployments
 * of payments-api and ops-portal, and a few incidents; posts them as CloudEvents
 * (docs/events.md) to ingest-service in batches of 500, then saves the
 * value streams "Payments delivery" (id payments) and "Ops platform" (id ops)
 * through the gateway's GraphQL API. Ids are stable: a re-run on the same day
 * posts identical events (duplicates are no-ops) and replaces the value streams.
 */
public class DemoData {

    static final List<String> WORKFLOW = List.of("To Do", "In Progress", "In Review", "Ready for QA", "In QA", "Done");
    static final int BATCH = 500;

    public static void main(String[] args) throws Exception {
        Map<String, String> defaults = Options.table("""
                oidc     http://localhost:8180/realms/flowlens
                ingest   http://localhost:8081
                gateway  http://localhost:8080
                seed     20260301
                days     120
                dry-run  false
                """);
        Options opt;
        try {
            opt = Options.parse(args, defaults, Set.of("dry-run"));
        } catch (IllegalArgumentException e) {
            fail("unknown argument: " + e.getMessage()
                    + " (use --oidc URL --ingest URL --gateway URL --seed N --days N --dry-run)");
            return;
        }
        Instant end = Instant.now().truncatedTo(ChronoUnit.DAYS);
        Instant start = end.minus(Duration.ofDays(opt.longValue("days")));
        Generator gen = new Generator(new Random(opt.longValue("seed")), start, end);
        gen.project("PAY", "payments", "acme/payments-api", "payments-api", 165, 1.4);
        gen.project("OPS", "ops", "acme/ops-portal", "ops-portal", 135, 0.7);
        List<ObjectNode> events = gen.events;
        events.sort(Comparator.comparing((ObjectNode e) -> e.get("time").asText())
                .thenComparing(e -> e.get("id").asText()));
        System.out.printf("Generated %d events from %s to %s: %s%n", events.size(), start, end, gen.summary());

        if (opt.flag("dry-run")) {
            for (ObjectNode e : events) {
                System.out.println(Json.text(e));
            }
            return;
        }
        try {
            load(opt, events);
        } catch (IOException | IllegalStateException e) {
            fail(e.getMessage());
        }
        System.out.println("Demo data loaded.");
    }

    /** Posts the events in batches, then saves the value streams. */
    static void load(Options opt, List<ObjectNode> events) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        Token ingestToken = Token.ingest(http, opt.get("oidc"), Duration.ofMinutes(4));
        Graphql graphql = Graphql.asAdmin(http, opt, Duration.ofMinutes(4), 120_000);
        for (int from = 0; from < events.size(); from += BATCH) {
            List<ObjectNode> batch = events.subList(from, Math.min(events.size(), from + BATCH));
            HttpRequest request = Http.events(opt.get("ingest"), ingestToken, Json.bytes(batch), Duration.ofSeconds(120));
            HttpResponse<String> r;
            try {
                r = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IOException("POST " + opt.get("ingest") + "/api/v1/events failed: " + e, e);
            }
            if (r.statusCode() != 202) {
                fail("POST " + opt.get("ingest") + "/api/v1/events answered HTTP " + r.statusCode()
                        + " (expected 202): " + r.body());
            }
            System.out.printf("  posted %d/%d events%n", from + batch.size(), events.size());
        }
        for (Map<String, Object> vs : valueStreams()) {
            String answer = graphql.call("mutation SaveValueStream($input: ValueStreamInput!) { "
                    + "saveValueStream(input: $input) { id name } }", Map.of("input", vs));
            if (Graphql.hasErrors(answer)) {
                fail("GraphQL saveValueStream answered errors: " + answer);
            }
            System.out.printf("  saved value stream %s%n", answer);
        }
    }

    static List<Map<String, Object>> valueStreams() {
        List<Map<String, Object>> stages = List.of(
                stage("Build", "In Progress", "ACTIVE"),
                stage("Review wait", "In Review", "WAITING"),
                stage("QA queue", "Ready for QA", "WAITING"),
                stage("QA", "In QA", "ACTIVE"));
        return List.of(
                valueStream("payments", "Payments delivery", "PAY", "payments-api", "payments", stages),
                valueStream("ops", "Ops platform", "OPS", "ops-portal", "ops", stages));
    }

    static Map<String, Object> stage(String name, String status, String kind) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", name);
        s.put("statuses", List.of(status));
        s.put("kind", kind);
        return s;
    }

    static Map<String, Object> valueStream(String id, String name, String project, String service, String group,
                                           List<Map<String, Object>> stages) {
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("projects", List.of(project));
        scope.put("services", List.of(service));
        Map<String, Object> vs = new LinkedHashMap<>();
        vs.put("id", id);
        vs.put("name", name);
        vs.put("scope", scope);
        vs.put("stages", stages);
        vs.put("doneStatuses", List.of("Done"));
        vs.put("productionEnvironments", List.of("production"));
        vs.put("visibleToGroups", List.of(group));
        return vs;
    }

    static void fail(String message) {
        System.err.println("DemoData: " + message);
        System.exit(1);
    }

    // ------------------------------------------------------------------ generator

    static final class Generator {
        final Random rnd;
        final Instant start;
        final Instant end;
        final List<ObjectNode> events = new ArrayList<>();
        int items, transitions, changes, deployments, failedDeployments, incidents;

        Generator(Random rnd, Instant start, Instant end) {
            this.rnd = rnd;
            this.start = start;
            this.end = end;
        }

        String summary() {
            return String.format("%d work items, %d transitions, %d merged changes, %d deployments (%d failed), %d incidents",
                    items, transitions, changes, deployments, failedDeployments, incidents);
        }

        record Merge(Instant at, String sha) { }

        void project(String key, String team, String repository, String service, int count, double deploysPerWorkday) {
            String jiraSource = "jira/acme";
            String gitSource = "github/acme";
            List<Merge> merges = new ArrayList<>();
            int prNumber = 100 + rnd.nextInt(50);
            long span = Duration.between(start, end).toSeconds();
            for (int n = 1; n <= count; n++) {
                String itemKey = key + "-" + n;
                String itemId = "jira:acme:" + itemKey;
                // creation times spread over the window, a little denser towards the end, on working hours
                double f = Math.pow(rnd.nextDouble(), 0.7);
                Instant created = workingHours(start.plusSeconds((long) (f * span * 0.97)));
                String itemType = pick(new String[]{"feature", "defect", "risk", "debt"}, new double[]{0.56, 0.26, 0.07, 0.11});
                String title = title(itemType);

                // the item's path through the workflow
                List<String[]> path = new ArrayList<>(); // {from, to}
                List<Instant> at = new ArrayList<>();
                Instant t = created;
                double roll = rnd.nextDouble();
                if (roll < 0.05) {
                    t = t.plus(hours(exp(72)));
                    path.add(new String[]{"To Do", "Done"}); // closed straight away (duplicate, won't do)
                    at.add(t);
                } else if (roll < 0.09) {
                    t = workingHours(t.plus(hours(exp(100))));
                    path.add(new String[]{"To Do", "In Progress"}); // a small chore: no review, no QA
                    at.add(t);
                    t = workingHours(t.plus(hours(lognormal(8))));
                    path.add(new String[]{"In Progress", "Done"});
                    at.add(t);
                } else {
                    boolean defect = itemType.equals("defect");
                    t = workingHours(t.plus(hours(exp(defect ? 40 : 130))));        // backlog wait
                    double[] mean = {0, defect ? 30 : 60, 14, 22, 10};               // median hours per status
                    int rounds = rnd.nextDouble() < 0.12 ? 2 : 1;                     // some are reopened by QA
                    String cur = "To Do";
                    for (int round = 0; round < rounds; round++) {
                        for (int s = 1; s <= 4; s++) {
                            path.add(new String[]{cur, WORKFLOW.get(s)});
                            at.add(t);
                            cur = WORKFLOW.get(s);
                            t = workingHours(t.plus(hours(lognormal(mean[s] / (round + 1.0)))));
                        }
                    }
                    path.add(new String[]{cur, "Done"});
                    at.add(t);
                }

                // keep what happened before the end: later items are still in progress
                String status = "To Do";
                Instant lastChange = created;
                Instant reviewStart = null;
                Instant reviewEnd = null;
                Instant buildStart = null;
                int changelog = 0;
                for (int i = 0; i < path.size(); i++) {
                    if (!at.get(i).isBefore(end)) break;
                    String[] step = path.get(i);
                    changelog++;
                    events.add(event(itemId + ":changelog:" + changelog, jiraSource, "workitem.transitioned", at.get(i), itemKey,
                            Events.transition(itemId, step[0], step[1], at.get(i))));
                    transitions++;
                    status = step[1];
                    lastChange = at.get(i);
                    if (step[1].equals("In Progress") && buildStart == null) buildStart = at.get(i);
                    if (step[1].equals("In Review")) reviewStart = at.get(i);
                    if (step[0].equals("In Review") && reviewStart != null && reviewEnd == null) reviewEnd = at.get(i);
                }
                ObjectNode item = Json.object().put("itemId", itemId).put("key", itemKey).put("title", title)
                        .put("itemType", itemType).put("project", key).put("team", team).put("status", status)
                        .put("createdAt", iso(created)).put("url", "https://acme.atlassian.net/browse/" + itemKey);
                item.set("labels", strings(List.of(team)));
                events.add(event(itemId + ":issue:v" + changelog, jiraSource, "workitem.upserted", lastChange, itemKey, item));
                items++;

                // a merged pull request for items whose review ended (sometimes a second, smaller one)
                if (reviewEnd != null && buildStart != null) {
                    int prs = rnd.nextDouble() < 0.2 ? 2 : 1;
                    for (int p = 0; p < prs; p++) {
                        int number = prNumber++;
                        String changeId = "github:" + repository + "#" + number;
                        Instant firstCommit = buildStart.plus(hours(Math.min(exp(4), 24)));
                        Instant opened = max(firstCommit.plus(hours(exp(6))), reviewStart == null ? firstCommit : reviewStart.minus(Duration.ofMinutes(30)));
                        Instant merged = reviewEnd.minus(Duration.ofMinutes(5 + rnd.nextInt(90)));
                        if (!merged.isAfter(opened)) merged = opened.plus(Duration.ofMinutes(20));
                        if (!merged.isBefore(end)) continue;
                        String sha = sha1(changeId);
                        ObjectNode c = Json.object();
                        c.put("changeId", changeId);
                        c.put("repository", repository);
                        c.put("title", itemKey + ": " + title + (p == 1 ? " (follow-up)" : ""));
                        c.put("author", pick(team.equals("payments")
                                ? new String[]{"amara", "bjorn", "chen", "dario"}
                                : new String[]{"eve", "farid", "gosia"}, null));
                        c.put("createdAt", iso(opened));
                        c.put("firstCommitAt", iso(firstCommit));
                        c.put("mergedAt", iso(merged));
                        c.put("mergeCommitSha", sha);
                        c.set("workItemKeys", strings(List.of(itemKey)));
                        events.add(event(changeId + ":merged", gitSource, "change.merged", merged, changeId, c));
                        merges.add(new Merge(merged, sha));
                        changes++;
                    }
                }
            }
            deployments(service, merges, deploysPerWorkday);
        }

        void deployments(String service, List<Merge> merges, double perWorkday) {
            merges.sort(Comparator.comparing(Merge::at));
            String source = "github-actions/acme";
            int number = 0;
            int mergeIdx = 0;
            List<String> pending = new ArrayList<>();
            List<String[]> successes = new ArrayList<>(); // {deploymentId, finishedAt}
            for (Instant day = start; day.isBefore(end); day = day.plus(Duration.ofDays(1))) {
                DayOfWeek dow = day.atZone(ZoneOffset.UTC).getDayOfWeek();
                if (dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY) continue;
                int count = poisson(perWorkday);
                List<Instant> times = new ArrayList<>();
                for (int i = 0; i < count; i++) times.add(day.plus(Duration.ofMinutes(9 * 60 + rnd.nextInt(8 * 60))));
                times.sort(Comparator.naturalOrder());
                for (Instant started : times) {
                    while (mergeIdx < merges.size() && merges.get(mergeIdx).at().isBefore(started)) {
                        pending.add(merges.get(mergeIdx++).sha());
                    }
                    if (pending.isEmpty()) continue; // nothing new to ship
                    Instant finished = started.plus(Duration.ofMinutes(6 + rnd.nextInt(20)));
                    if (!finished.isBefore(end)) continue;
                    boolean ok = rnd.nextDouble() >= 0.12;
                    String deploymentId = "github-actions:acme/" + service + ":deploy:" + (++number);
                    ObjectNode d = Json.object();
                    d.put("deploymentId", deploymentId);
                    d.put("service", service);
                    d.put("environment", "production");
                    d.put("status", ok ? "success" : "failure");
                    d.put("startedAt", iso(started));
                    d.put("finishedAt", iso(finished));
                    d.set("commitShas", strings(pending));
                    events.add(event(deploymentId, source, "deployment.finished", finished, service, d));
                    deployments++;
                    if (ok) {
                        pending.clear();
                        successes.add(new String[]{deploymentId, iso(finished)});
                    } else {
                        failedDeployments++;
                    }
                }
            }
            // a few incidents caused by successful deployments
            int wanted = 3 + rnd.nextInt(3);
            for (int i = 0; i < wanted && !successes.isEmpty(); i++) {
                String[] cause = successes.get(rnd.nextInt(successes.size()));
                Instant opened = Instant.parse(cause[1]).plus(Duration.ofMinutes(20 + rnd.nextInt(600)));
                if (!opened.isBefore(end)) continue;
                String incidentId = "pagerduty:acme:" + service + ":INC-" + (1000 + i);
                ObjectNode o = Json.object();
                o.put("incidentId", incidentId);
                o.put("service", service);
                o.put("severity", pick(new String[]{"SEV1", "SEV2", "SEV3"}, new double[]{0.15, 0.45, 0.4}));
                o.put("openedAt", iso(opened));
                o.put("causedByDeploymentId", cause[0]);
                events.add(event(incidentId + ":opened", "pagerduty/acme", "incident.opened", opened, incidentId, o));
                incidents++;
                Instant resolved = opened.plus(Duration.ofMinutes(25 + (long) exp(240)));
                if (!resolved.isBefore(end)) continue; // still open
                ObjectNode r = Json.object();
                r.put("incidentId", incidentId);
                r.put("service", service);
                r.put("openedAt", iso(opened));
                r.put("resolvedAt", iso(resolved));
                r.put("causedByDeploymentId", cause[0]);
                events.add(event(incidentId + ":resolved", "pagerduty/acme", "incident.resolved", resolved, incidentId, r));
            }
        }

        static ObjectNode event(String id, String source, String type, Instant time, String subject, ObjectNode data) {
            return Events.event(id, source, type, time, subject, "application/json", data);
        }

        static ArrayNode strings(List<String> values) {
            ArrayNode a = Json.MAPPER.createArrayNode();
            values.forEach(a::add);
            return a;
        }

        static final String[] VERBS = {"Add", "Support", "Improve", "Rework", "Expose", "Validate", "Speed up", "Audit"};
        static final String[] THINGS = {"refund flow", "card tokenisation", "SEPA payouts", "fraud score", "invoice export",
                "webhook retries", "alert routing", "on-call rota", "backup restore", "status page", "rate limiter",
                "currency conversion", "settlement report", "login audit trail", "service catalogue"};

        String title(String itemType) {
            String thing = THINGS[rnd.nextInt(THINGS.length)];
            return switch (itemType) {
                case "defect" -> "Fix " + thing + " " + pick(new String[]{"timeout", "rounding error", "crash on empty input", "wrong totals"}, null);
                case "risk" -> "Mitigate " + pick(new String[]{"CVE in", "PCI finding for", "single point of failure in"}, null) + " " + thing;
                case "debt" -> "Refactor " + thing + " " + pick(new String[]{"module", "schema", "tests"}, null);
                default -> VERBS[rnd.nextInt(VERBS.length)] + " " + thing;
            };
        }

        String pick(String[] values, double[] weights) {
            if (weights == null) return values[rnd.nextInt(values.length)];
            double r = rnd.nextDouble();
            for (int i = 0; i < values.length; i++) {
                r -= weights[i];
                if (r < 0) return values[i];
            }
            return values[values.length - 1];
        }

        double exp(double mean) {
            return -mean * Math.log(1 - rnd.nextDouble());
        }

        double lognormal(double median) {
            return Math.max(0.25, median * Math.exp(0.8 * rnd.nextGaussian()));
        }

        int poisson(double lambda) {
            double l = Math.exp(-lambda), p = 1;
            int k = 0;
            do {
                k++;
                p *= rnd.nextDouble();
            } while (p > l);
            return k - 1;
        }

        static Duration hours(double h) {
            return Duration.ofSeconds((long) (h * 3600));
        }

        static Instant max(Instant a, Instant b) {
            return a.isAfter(b) ? a : b;
        }

        /** Move a time into working hours (Mon-Fri 08:00-18:00 UTC), keeping the minutes. */
        static Instant workingHours(Instant t) {
            var z = t.atZone(ZoneOffset.UTC);
            if (z.getHour() < 8) z = z.withHour(8 + z.getMinute() % 3);
            if (z.getHour() >= 18) z = z.plusDays(1).withHour(9 + z.getMinute() % 3);
            while (z.getDayOfWeek() == DayOfWeek.SATURDAY || z.getDayOfWeek() == DayOfWeek.SUNDAY) z = z.plusDays(1);
            return z.toInstant();
        }
    }

    static String iso(Instant t) {
        return Events.iso(t);
    }

    static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
