package dev.flowlens.metrics.view;

import dev.flowlens.events.ItemType;
import dev.flowlens.internalapi.metrics.Scope;
import dev.flowlens.internalapi.metrics.Stage;
import dev.flowlens.internalapi.metrics.StageKind;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.fact.ChangeFact;
import dev.flowlens.metrics.calc.fact.DeploymentFact;
import dev.flowlens.metrics.calc.fact.IncidentFact;
import dev.flowlens.metrics.calc.fact.Transition;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Memory footprint of the fact cache (bin/bench-memory): builds {@link ViewState} as {@link FactCache} does (items
 * applied in batches, then published), from synthetic items, and reports the heap retained after a full GC and the
 * bytes allocated while building. Not a test.
 *
 * <p>Arguments: {@code [items] [bench|realistic|enterprise] [load|polls] [histogram]}.
 * <ul>
 * <li>{@code bench}: items exactly as IngestBench (tools/) posts them (ids {@code ib:<run>:<n>}, key
 * {@code IB-n}, title {@code Bench item n}, no url, one upsert and ten transitions through a six-status workflow) and
 * its one value stream {@code ingest-bench};</li>
 * <li>{@code realistic}: ids like {@code jira:PROJ-123456}, titles of about 60 characters, urls of about 70, ten
 * statuses, three projects, four teams, 11 random transitions, and three value streams (one over everything shaped
 * like the bench's, one per project, one per team and type);</li>
 * <li>{@code enterprise}: the realistic items in 50 projects of consecutive items, and bin/bench-scale's streams: one
 * over everything and one per project (what a stream holds of a cache's items costs the most here);</li>
 * <li>{@code load}: the first load (batches of 5,000, one publish); {@code polls}: items arrive in batches of 200
 * with a publish after each, as polls under 10,000 events/s apply them, and then 20,000 items change again.</li>
 * </ul>
 * Both add 20,000 changes, 6,000 deployments and 500 incidents. The items carry titles as FactCache's reads do; the
 * cache keeps none (the API reads the listed items' titles from PostgreSQL), so none is in the figure, as in the
 * service.
 */
public final class CacheFootprint {
    private static final String[] WORKFLOW = {"To Do", "In Progress", "In Review", "Ready for QA", "In QA", "Done"};
    private static final String[] STATUSES = {"Backlog", "To Do", "Ready", "In Progress", "In Review", "Ready for QA",
        "In QA", "Blocked", "Done", "Closed"};
    private static final String[] PROJECTS = {"PAY", "CORE", "WEB"};
    private static final String[] TEAMS = {"payments", "platform", "web", "mobile"};
    private static final String[] WORDS = {"checkout", "refactor", "the", "payment", "service", "flaky", "retry",
        "timeout", "customer", "export", "dashboard", "fix", "add", "support", "for", "invoice", "latency", "cache"};
    /** Project streams of the enterprise shape. */
    private static final int TEAM_STREAMS = 50;
    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z").minus(200, ChronoUnit.DAYS);

    private CacheFootprint() {
    }

    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 220_000;
        boolean bench = args.length <= 1 || args[1].equals("bench");
        boolean enterprise = args.length > 1 && args[1].equals("enterprise");
        if (!bench && !enterprise && !args[1].equals("realistic")) {
            throw new IllegalArgumentException("shape: bench, realistic or enterprise, not " + args[1]);
        }
        boolean polls = args.length > 2 && args[2].equals("polls");
        boolean histogram = args.length > 3 && args[3].equals("histogram");
        Random r = new Random(7);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
                .getThreadMXBean();
        long heapBefore = usedHeap();
        long allocBefore = threads.getCurrentThreadAllocatedBytes();
        long t0 = System.nanoTime();

        ViewState state = ViewState.scoped();
        List<ValueStream> streams = enterprise ? enterpriseStreams() : streams(bench);
        state.apply(new FactBatch(List.of(), List.of(), List.of(), List.of(), List.of(), streams, List.of()));
        int batch = polls ? 200 : 5_000;
        long transitions = 0;
        List<WorkItemFacts> chunk = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            WorkItemFacts f = bench ? benchItem(i) : realisticItem(r, i, project(enterprise, i, items));
            transitions += f.transitions().size();
            chunk.add(f);
            if (chunk.size() == batch || i == items - 1) {
                state.apply(new FactBatch(List.copyOf(chunk), List.of(), List.of(), List.of(), List.of(), List.of(),
                        List.of()));
                chunk.clear();
                if (polls) {
                    state.publish();
                }
            }
        }
        state.apply(new FactBatch(List.of(), List.of(), changes(r), deployments(r), incidents(r), List.of(),
                List.of()));
        state.publish();
        if (polls) {
            for (int k = 0; k < 20_000; k++) {
                int i = r.nextInt(items);
                chunk.add(bench ? benchItem(i) : realisticItem(new Random(i), i, project(enterprise, i, items)));
                if (chunk.size() == batch) {
                    state.apply(new FactBatch(List.copyOf(chunk), List.of(), List.of(), List.of(), List.of(),
                            List.of(), List.of()));
                    chunk.clear();
                    state.publish();
                }
            }
        }
        long buildMs = (System.nanoTime() - t0) / 1_000_000;
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocBefore;
        ViewSnapshot snapshot = state.snapshot();
        long heapAfter = usedHeap();
        System.out.printf(Locale.ROOT, "data: %s items, %,d items, %,d transitions, %d value streams; %s%n",
                bench ? "bench" : enterprise ? "enterprise" : "realistic", snapshot.items(), transitions, snapshot.streams().size(),
                polls ? "applied as polls (200 items, publish each) + 20,000 changed items" : "first load");
        System.out.printf(Locale.ROOT, "build %,d ms, allocated %,d MB; retained after GC: %,d MB (%,d bytes/item);"
                + " heap in use %,d MB; index rebuilds %d%n", buildMs, allocated >> 20, (heapAfter - heapBefore) >> 20,
                (heapAfter - heapBefore) / Math.max(1, snapshot.items()), heapAfter >> 20, state.indexRebuilds());
        if (histogram) {
            Process p = new ProcessBuilder("jcmd", Long.toString(ProcessHandle.current().pid()),
                    "GC.class_histogram").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String[] lines = out.split("\n");
            for (int i = 0; i < Math.min(lines.length, 28); i++) {
                System.out.println(lines[i]);
            }
            System.out.println(lines[lines.length - 1]);
        }
        if (state.itemCount() < 0) {
            System.out.println(snapshot); // keeps the state reachable until here
        }
    }

    static List<ValueStream> streams(boolean bench) {
        ValueStream ingestBench = new ValueStream("ingest-bench", "Ingest bench",
                new Scope(List.of(bench ? "IB" : "PAY"), List.of(), List.of(), List.of(), List.of()),
                List.of(new Stage("Build", List.of("In Progress"), StageKind.ACTIVE),
                        new Stage("Review wait", List.of("In Review"), StageKind.WAITING),
                        new Stage("QA", List.of("Ready for QA", "In QA"), StageKind.ACTIVE)),
                List.of("Done"), null, List.of());
        if (bench) {
            return List.of(ingestBench);
        }
        ValueStream all = new ValueStream("all", "Everything", Scope.all(),
                List.of(new Stage("Ready", List.of("Ready"), StageKind.WAITING),
                        new Stage("Build", List.of("In Progress"), StageKind.ACTIVE),
                        new Stage("Review", List.of("In Review"), StageKind.WAITING),
                        new Stage("QA", List.of("Ready for QA", "In QA"), StageKind.ACTIVE),
                        new Stage("Blocked", List.of("Blocked"), StageKind.WAITING)),
                List.of("Done", "Closed"), null, List.of());
        ValueStream teams = new ValueStream("platform", "Platform features",
                new Scope(List.of(), List.of("platform", "web"), List.of(ItemType.FEATURE), List.of(), List.of()),
                List.of(new Stage("Build", List.of("In Progress", "In Review"), StageKind.ACTIVE),
                        new Stage("Test", List.of("In QA"), StageKind.ACTIVE)),
                List.of("Done"), null, List.of());
        return List.of(ingestBench, all, teams);
    }

    /** An item as IngestBench's body() (tools/) writes it. */
    static WorkItemFacts benchItem(long item) {
        String itemId = "ib:m1x2y3z4:" + item;
        Instant created = BASE.plusSeconds((item * 7919) % (180 * 86400));
        List<Transition> ts = new ArrayList<>(10);
        for (int n = 1; n <= 10; n++) {
            int from5 = (n - 1) % 5;
            Instant at = created.plusSeconds(3600L * n * (1 + item % 13));
            ts.add(new Transition(itemId + ":mv:" + n, n == 6 ? "Done" : WORKFLOW[from5], WORKFLOW[from5 + 1], at));
        }
        return new WorkItemFacts(itemId, "IB-" + item, "Bench item " + item,
                item % 5 == 0 ? ItemType.DEFECT : ItemType.FEATURE, "IB", null, "Done", created, null, ts);
    }

    /**
     * The project of item i: realistic, one of three in turn; enterprise, one of {@link #TEAM_STREAMS} in blocks of
     * consecutive items, as a first load reads a database's items in id order.
     */
    static String project(boolean enterprise, int i, int items) {
        return enterprise ? "T" + (int) ((long) i * TEAM_STREAMS / items) : PROJECTS[i % PROJECTS.length];
    }

    /** The enterprise shape's streams: one over everything and one per project (bin/bench-scale's shape). */
    static List<ValueStream> enterpriseStreams() {
        List<ValueStream> out = new ArrayList<>();
        out.add(streams(false).get(1));
        for (int t = 0; t < TEAM_STREAMS; t++) {
            out.add(new ValueStream("team-" + t, "Team " + t,
                    new Scope(List.of("T" + t), List.of(), List.of(), List.of(), List.of()),
                    List.of(new Stage("Build", List.of("In Progress"), StageKind.ACTIVE),
                            new Stage("Review wait", List.of("In Review"), StageKind.WAITING),
                            new Stage("QA", List.of("Ready for QA", "In QA"), StageKind.ACTIVE)),
                    List.of("Done"), null, List.of()));
        }
        return out;
    }

    static WorkItemFacts realisticItem(Random r, int i, String project) {
        String key = project + "-" + (100_000 + i);
        String itemId = "jira:" + key;
        StringBuilder title = new StringBuilder();
        while (title.length() < 55) {
            title.append(title.length() == 0 ? "" : " ").append(WORDS[r.nextInt(WORDS.length)]);
        }
        String url = "https://acme-corp.atlassian.net/browse/" + key + "?focusedCommentId=" + (1_000_000 + i);
        Instant created = BASE.plusSeconds((long) (r.nextDouble() * 190 * 86_400));
        List<Transition> ts = new ArrayList<>(11);
        String status = "Backlog";
        Instant at = created;
        for (int k = 0; k < 11; k++) {
            String to = k == 10 && r.nextInt(3) != 0 ? "Done" : STATUSES[r.nextInt(STATUSES.length)];
            at = at.plusSeconds(r.nextInt(3 * 86_400)).plusNanos(r.nextInt(1_000_000) * 1000L);
            ts.add(new Transition("evt-" + Long.toHexString(r.nextLong()) + "-" + k, status, to, at));
            status = to;
        }
        return new WorkItemFacts(itemId, key, title.toString(), ItemType.values()[r.nextInt(4)], project,
                TEAMS[r.nextInt(TEAMS.length)], status, created, url, ts);
    }

    static List<ChangeFact> changes(Random r) {
        List<ChangeFact> out = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            Instant created = BASE.plusSeconds((long) (r.nextDouble() * 190 * 86_400));
            out.add(new ChangeFact("github:acme/repo-" + (i % 7) + "#" + i, "acme/repo-" + (i % 7), created,
                    created.minusSeconds(3600), created.plusSeconds(r.nextInt(86_400 * 3)), sha(i)));
        }
        return out;
    }

    static List<DeploymentFact> deployments(Random r) {
        List<DeploymentFact> out = new ArrayList<>();
        for (int i = 0; i < 6_000; i++) {
            Instant finished = BASE.plusSeconds((long) (r.nextDouble() * 190 * 86_400));
            List<String> carried = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                carried.add(sha(r.nextInt(20_000)));
            }
            out.add(new DeploymentFact("deploy-" + i, "svc-" + (i % 5), r.nextInt(5) == 0 ? "staging" : "production",
                    r.nextInt(10) != 0, finished.minusSeconds(600), finished, carried));
        }
        return out;
    }

    static List<IncidentFact> incidents(Random r) {
        List<IncidentFact> out = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Instant opened = BASE.plusSeconds((long) (r.nextDouble() * 190 * 86_400));
            out.add(new IncidentFact("inc-" + i, "svc-" + (i % 5), opened, opened.plusSeconds(r.nextInt(86_400)),
                    "deploy-" + r.nextInt(6_000)));
        }
        return out;
    }

    private static String sha(int i) {
        return String.format(Locale.ROOT, "%040x", (long) i * 2_654_435_761L);
    }

    private static long usedHeap() throws IOException {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
