package dev.flowlens.metrics.view;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.flowlens.events.ItemType;
import dev.flowlens.internalapi.metrics.DoraMetrics;
import dev.flowlens.internalapi.metrics.FlowMetrics;
import dev.flowlens.internalapi.metrics.Granularity;
import dev.flowlens.internalapi.metrics.Scope;
import dev.flowlens.internalapi.metrics.Stage;
import dev.flowlens.internalapi.metrics.StageKind;
import dev.flowlens.internalapi.metrics.StageMetrics;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.Window;
import dev.flowlens.metrics.calc.fact.ChangeFact;
import dev.flowlens.metrics.calc.fact.DeploymentFact;
import dev.flowlens.metrics.calc.fact.IncidentFact;
import dev.flowlens.metrics.calc.fact.Transition;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import dev.flowlens.metrics.calc.index.DoraIndex;
import dev.flowlens.metrics.calc.metric.DoraCalculator;
import dev.flowlens.metrics.calc.metric.FlowCalculator;
import dev.flowlens.metrics.calc.metric.StageCalculator;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Micro-benchmark of the read path from cached timelines (bin/bench-calc): builds 100,000 items with 1,000,000
 * transitions, 10,000 merged changes and 3,000 deployments in memory through {@link ViewState} (as the cache's first
 * load does), then times flow + stages + dora over 90 days and cumulative flow over 180 days, from the day index and
 * by sweeping every timeline; with a 4th argument {@code workflow}, the items are shaped like bin/bench-metrics' (a
 * six-status workflow with reopens) instead of random moves. Not a test: timings
 * belong here, not in assertions.
 */
public final class CalcBenchmark {
    private static final String[] STATUSES = {"To Do", "Ready", "In Progress", "In Review", "Testing", "Blocked",
        "Done", "Closed"};
    private static final Instant END = Instant.parse("2026-06-01T00:00:00Z");
    private static final long YEAR = 365L * 86_400;

    private CalcBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int transitionsPerItem = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        boolean workflow = args.length > 3 && args[3].equals("workflow");
        Random r = new Random(42);
        long heapBefore = usedHeap();

        ViewState state = new ViewState();
        ValueStream vs = workflow
                ? new ValueStream("bench", "Bench", Scope.all(),
                        List.of(new Stage("Build", List.of("In Progress"), StageKind.ACTIVE),
                                new Stage("Review wait", List.of("In Review"), StageKind.WAITING),
                                new Stage("QA queue", List.of("Ready for QA"), StageKind.WAITING),
                                new Stage("QA", List.of("In QA"), StageKind.ACTIVE)),
                        List.of("Done"), null, List.of())
                : new ValueStream("bench", "Bench", Scope.all(),
                        List.of(new Stage("Ready", List.of("Ready"), StageKind.WAITING),
                                new Stage("Build", List.of("In Progress"), StageKind.ACTIVE),
                                new Stage("Review", List.of("In Review"), StageKind.WAITING),
                                new Stage("Test", List.of("Testing"), StageKind.ACTIVE)),
                        List.of("Done", "Closed"), null, List.of());
        long t0 = System.nanoTime();
        state.apply(new FactBatch(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(vs), List.of()));
        long transitions = 0;
        List<WorkItemFacts> chunk = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            WorkItemFacts f = workflow ? workflowItem(r, i) : item(r, i, transitionsPerItem);
            transitions += f.transitions().size();
            chunk.add(f);
            if (chunk.size() == 5_000) {
                state.apply(new FactBatch(List.copyOf(chunk), List.of(), List.of(), List.of(), List.of(), List.of(),
                        List.of()));
                chunk.clear();
            }
        }
        state.apply(new FactBatch(List.copyOf(chunk), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of()));
        chunk.clear();
        List<String> shas = new ArrayList<>();
        List<ChangeFact> changes = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            String sha = Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong());
            shas.add(sha);
            Instant created = END.minusSeconds((long) (r.nextDouble() * YEAR));
            changes.add(new ChangeFact("c" + i, "repo", created, created.minusSeconds(3600),
                    created.plusSeconds(r.nextInt(86_400 * 3)), sha));
        }
        List<DeploymentFact> deployments = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            Instant finished = END.minusSeconds((long) (r.nextDouble() * YEAR));
            List<String> carried = new ArrayList<>();
            for (int k = 0; k < 5; k++) {
                carried.add(shas.get(r.nextInt(shas.size())));
            }
            deployments.add(new DeploymentFact("d" + i, "svc", r.nextInt(5) == 0 ? "staging" : "production",
                    r.nextInt(10) != 0, finished.minusSeconds(600), finished, carried));
        }
        List<IncidentFact> incidents = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Instant opened = END.minusSeconds((long) (r.nextDouble() * YEAR));
            incidents.add(new IncidentFact("i" + i, "svc", opened, opened.plusSeconds(r.nextInt(86_400)),
                    "d" + r.nextInt(3_000)));
        }
        state.apply(new FactBatch(List.of(), List.of(), changes, deployments, incidents, List.of(), List.of()));
        long t1 = System.nanoTime();
        ViewSnapshot snapshot = state.publish();
        long buildMs = (System.nanoTime() - t0) / 1_000_000;
        long publishMs = (System.nanoTime() - t1) / 1_000_000;
        long heapAfter = usedHeap();
        StreamView view = snapshot.streams().get("bench");

        System.out.printf(Locale.ROOT, "machine: %s, %d cores, Java %s, max heap %d MB, load average %.2f%n",
                System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "data: %,d items, %,d transitions, %,d changes, %,d deployments, %,d incidents%n",
                snapshot.items(), transitions, changes.size(), deployments.size(), incidents.size());
        System.out.printf(Locale.ROOT, "full cache build (ViewState, 1 stream): %,d ms, of which the first publish"
                + " (DORA index, day index) %,d ms; heap used after GC: %,d MB (cache %,d MB)%n", buildMs, publishMs,
                heapAfter >> 20, (heapAfter - heapBefore) >> 20);

        Window w90 = new Window(END.minusSeconds(90L * 86_400), END, Granularity.WEEK);
        Window w180 = new Window(END.minusSeconds(180L * 86_400), END, Granularity.DAY);
        Window all = new Window(END.minusSeconds(2 * YEAR), END, Granularity.MONTH);
        Instant now = END.plusSeconds(3600);
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        boolean same = FlowCalculator.flow(view.index(), view.timelines(), w90, now)
                .equals(FlowCalculator.flow(view.index(), view.windows(), w90, now))
                && StageCalculator.stages(view.index(), view.timelines(), w90, now)
                        .equals(StageCalculator.stages(view.index(), view.windows(), w90, now))
                && StageCalculator.cumulativeFlow(view.index(), view.timelines(), w180, now)
                        .equals(StageCalculator.cumulativeFlow(view.index(), view.windows(), w180, now));
        System.out.println("day index and timeline sweep give equal answers: " + same);
        for (boolean indexed : new boolean[] {false, true}) {
            System.out.println(indexed ? "-- from the day index (WindowIndex, what the service uses)"
                    : "-- sweeping every timeline (the previous fast path)");
            long[] flow = new long[reps];
            long[] stages = new long[reps];
            long[] dora = new long[reps];
            long[] both = new long[reps];
            long[] ser = new long[reps];
            long[] cfd = new long[reps];
            int bytes = 0;
            for (int warm = 0; warm < 2; warm++) {
                for (int i = 0; i < reps; i++) {
                    long a = System.nanoTime();
                    FlowMetrics fm = indexed ? FlowCalculator.flow(view.index(), view.windows(), w90, now)
                            : FlowCalculator.flow(view.index(), view.timelines(), w90, now);
                    long b = System.nanoTime();
                    List<StageMetrics> sm = indexed ? StageCalculator.stages(view.index(), view.windows(), w90, now)
                            : StageCalculator.stages(view.index(), view.timelines(), w90, now);
                    long c = System.nanoTime();
                    DoraMetrics dm = DoraCalculator.dora(view.dora(), w90, now);
                    long d = System.nanoTime();
                    bytes = json.writeValueAsBytes(Map.of("bench", fm)).length
                            + json.writeValueAsBytes(Map.of("bench", sm)).length
                            + json.writeValueAsBytes(Map.of("bench", dm)).length;
                    long e = System.nanoTime();
                    if (indexed) {
                        StageCalculator.cumulativeFlow(view.index(), view.windows(), w180, now);
                    } else {
                        StageCalculator.cumulativeFlow(view.index(), view.timelines(), w180, now);
                    }
                    long f = System.nanoTime();
                    flow[i] = b - a;
                    stages[i] = c - b;
                    dora[i] = d - c;
                    both[i] = d - a;
                    ser[i] = e - d;
                    cfd[i] = f - e;
                }
            }
            print("flow (90 d, WEEK)", flow);
            print("stageMetrics (90 d)", stages);
            print("dora (90 d)", dora);
            print("flow + stageMetrics + dora (90 d)  target p95 <= 50 ms", both);
            print("JSON of the three answers (" + bytes + " bytes, Jackson)", ser);
            print("cumulativeFlow (180 d)             target p95 <= 200 ms", cfd);
        }

        long[] link = new long[10];
        DoraIndex index = null;
        for (int i = 0; i < link.length; i++) {
            long a = System.nanoTime();
            index = DoraIndex.of(vs, changes, deployments, incidents);
            DoraCalculator.dora(index, all, now);
            link[i] = System.nanoTime() - a;
        }
        print("DORA lead time, all 10,000 changes linked + computed  target <= 1 s", link);
        System.out.printf(Locale.ROOT, "  (%,d changes linked to a production deployment; lead time count in 2 y: %d)%n",
                index.linkedChanges(), DoraCalculator.dora(index, all, now).leadTimeForChanges().count());

        // One changed item, as a poll applies it (the 2 s freshness budget minus the poll interval).
        long[] apply = new long[20];
        for (int i = 0; i < apply.length; i++) {
            WorkItemFacts f = workflow ? workflowItem(r, r.nextInt(items)) : item(r, r.nextInt(items), transitionsPerItem);
            long a = System.nanoTime();
            state.apply(new FactBatch(List.of(f), List.of(), List.of(), List.of(), List.of(), List.of(), List.of()));
            state.publish();
            apply[i] = System.nanoTime() - a;
        }
        print("apply + publish one changed item (incl. changed index days)", apply);
    }

    private static final String[] WORKFLOW = {"To Do", "In Progress", "In Review", "Ready for QA", "In QA", "Done"};
    private static final double[] DWELL_HOURS = {72, 48, 24, 36, 12};

    /**
     * An item as bin/bench-metrics generates them: created in the 355 days before the end, moving through a
     * six-status workflow with 0, 1 or 2 reopens (about 10 transitions), exponential dwell times.
     */
    static WorkItemFacts workflowItem(Random r, int i) {
        String id = "BEN-" + i;
        Instant created = END.minusSeconds(365L * 86_400).plusSeconds((long) (r.nextDouble() * 355 * 86_400));
        int reopens = r.nextDouble() < 0.25 ? 0 : r.nextDouble() < 0.67 ? 1 : 2;
        List<Transition> ts = new ArrayList<>();
        Instant at = created;
        int current = 0;
        outer:
        for (int round = 0; round <= reopens; round++) {
            for (int next = 1; next <= 5; next++) {
                double mean = DWELL_HOURS[current == 5 ? 0 : current];
                at = at.plusSeconds(60 + (long) (-Math.log(1 - r.nextDouble()) * mean * 3600));
                if (!at.isBefore(END)) {
                    break outer;
                }
                ts.add(new Transition(id + "-" + ts.size(), WORKFLOW[current], WORKFLOW[next], at));
                current = next;
            }
        }
        return new WorkItemFacts(id, id, "Item " + i, ItemType.values()[r.nextInt(4)], "BEN", "team-a",
                WORKFLOW[current], created, null, ts);
    }

    static WorkItemFacts item(Random r, int i, int transitions) {
        String id = "PAY-" + i;
        Instant created = END.minusSeconds((long) (r.nextDouble() * YEAR));
        List<Transition> ts = new ArrayList<>(transitions);
        String status = "To Do";
        Instant at = created;
        for (int k = 0; k < transitions; k++) {
            String to = k == transitions - 1 && r.nextInt(3) != 0 ? "Done" : STATUSES[r.nextInt(STATUSES.length)];
            at = at.plusSeconds(r.nextInt(4 * 86_400));
            ts.add(new Transition(id + "-" + k, status, to, at));
            status = to;
        }
        return new WorkItemFacts(id, id, "Item " + i, ItemType.values()[r.nextInt(4)], "PAY", "team-a", status,
                created, null, ts);
    }

    private static void print(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "%-70s p50 %8.2f ms  p95 %8.2f ms  max %8.2f ms%n", what,
                s[(int) Math.ceil(0.50 * s.length) - 1] / 1e6, s[(int) Math.ceil(0.95 * s.length) - 1] / 1e6,
                s[s.length - 1] / 1e6);
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
