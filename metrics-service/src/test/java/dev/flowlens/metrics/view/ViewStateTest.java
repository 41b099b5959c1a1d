package dev.flowlens.metrics.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.events.ItemType;
import dev.flowlens.internalapi.metrics.ForecastInput;
import dev.flowlens.internalapi.metrics.Granularity;
import dev.flowlens.internalapi.metrics.Scope;
import dev.flowlens.internalapi.metrics.Stage;
import dev.flowlens.internalapi.metrics.StageKind;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.Scopes;
import dev.flowlens.metrics.calc.ValueStreams;
import dev.flowlens.metrics.calc.Window;
import dev.flowlens.metrics.calc.fact.ChangeFact;
import dev.flowlens.metrics.calc.fact.DeploymentFact;
import dev.flowlens.metrics.calc.fact.IncidentFact;
import dev.flowlens.metrics.calc.fact.Transition;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import dev.flowlens.metrics.calc.index.DoraIndex;
import dev.flowlens.metrics.calc.metric.AgingCalculator;
import dev.flowlens.metrics.calc.metric.DoraCalculator;
import dev.flowlens.metrics.calc.metric.FlowCalculator;
import dev.flowlens.metrics.calc.metric.Forecaster;
import dev.flowlens.metrics.calc.metric.StageCalculator;
import dev.flowlens.metrics.calc.metric.WorkItemPages;
import dev.flowlens.metrics.calc.timeline.Timeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The cache's incremental maintenance: applying stale versions first, then the final state of every entity in random
 * order, random chunks and with repeats (as overlapping polls do), gives the same views as one fresh build; and those
 * views give exactly the numbers of the calculators' list entry points on the final facts.
 */
class ViewStateTest {
    private static final String[] STATUSES = {"To Do", "Ready", "In Progress", "Coding", "In Review", "Testing",
        "Blocked", "Done", "Closed", "in progress "};
    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant NOW = BASE.plusSeconds(86_400L * 200 + 17);

    /** A final state and the stale versions that precede it. */
    record Scenario(List<WorkItemFacts> items, List<WorkItemFacts> staleItems, List<String> removed,
            List<ValueStream> streams, List<ValueStream> staleStreams, List<String> deletedStreams,
            List<ChangeFact> changes, List<DeploymentFact> deployments, List<IncidentFact> incidents,
            List<Object> staleDora) {
    }

    static Instant time(Random r, int days) {
        Instant t = BASE.plusSeconds(3600L * r.nextInt(24 * days));
        return r.nextInt(6) == 0 ? t.plusNanos(1000L * r.nextInt(1_000_000)) : t;
    }

    static WorkItemFacts item(Random r, String id) {
        Instant created = time(r, 120);
        List<Transition> ts = new ArrayList<>();
        String status = STATUSES[r.nextInt(STATUSES.length)];
        for (int k = r.nextInt(9); k > 0; k--) {
            String to = STATUSES[r.nextInt(STATUSES.length)];
            ts.add(new Transition(id + "-e" + r.nextInt(1000), status, to,
                    created.plusSeconds(3600L * (r.nextInt(24 * 50) - 24))));
            status = to;
        }
        return new WorkItemFacts(id, "K-" + id, "Title " + id, ItemType.values()[r.nextInt(4)],
                r.nextBoolean() ? "PAY" : "OPS", r.nextBoolean() ? "team-a" : "team-b", status, created, null, ts);
    }

    static ValueStream stream(Random r, String id) {
        List<String> projects = r.nextBoolean() ? List.of() : List.of(r.nextBoolean() ? "pay" : " OPS");
        List<String> teams = r.nextInt(3) == 0 ? List.of("TEAM-A") : List.of();
        List<ItemType> types = r.nextInt(3) == 0 ? List.of(ItemType.FEATURE, ItemType.DEBT) : List.of();
        List<String> services = r.nextBoolean() ? List.of() : List.of("svc" + r.nextInt(2));
        List<String> repos = r.nextBoolean() ? List.of() : List.of("repo" + r.nextInt(2));
        List<Stage> stages = r.nextBoolean()
                ? List.of(new Stage("Ready", List.of("Ready"), StageKind.WAITING),
                        new Stage("Build", List.of("In Progress", "Coding"), StageKind.ACTIVE),
                        new Stage("Review", List.of("In Review"), StageKind.WAITING),
                        new Stage("Test", List.of("Testing"), StageKind.ACTIVE))
                : List.of(new Stage("Doing", List.of("coding", "testing", "in progress"), StageKind.ACTIVE),
                        new Stage("Waiting", List.of("blocked", "in review"), StageKind.WAITING));
        return new ValueStream(id, "Stream " + id, new Scope(projects, teams, types, services, repos), stages,
                r.nextBoolean() ? List.of("Done", "Closed") : List.of("done"),
                r.nextBoolean() ? null : List.of("production"), List.of());
    }

    static ChangeFact change(Random r, String id, List<String> shas) {
        Instant created = time(r, 120);
        String sha = r.nextInt(4) == 0 ? null : shas.get(r.nextInt(shas.size()));
        return new ChangeFact(id, "repo" + r.nextInt(2), created, r.nextBoolean() ? created.minusSeconds(7200) : null,
                sha == null ? null : created.plusSeconds(3600L * r.nextInt(100)), sha);
    }

    static DeploymentFact deployment(Random r, String id, List<String> shas) {
        Instant finished = time(r, 130);
        List<String> carried = new ArrayList<>();
        for (int k = r.nextInt(4); k > 0; k--) {
            String sha = shas.get(r.nextInt(shas.size()));
            carried.add(r.nextInt(4) == 0 ? sha.toUpperCase() : sha);
        }
        return new DeploymentFact(id, "svc" + r.nextInt(2), r.nextInt(4) == 0 ? "staging" : "production",
                r.nextInt(5) != 0, finished.minusSeconds(300), finished, carried);
    }

    static IncidentFact incident(Random r, String id, int deployments) {
        Instant opened = time(r, 130);
        return new IncidentFact(id, "svc" + r.nextInt(3), opened,
                r.nextInt(3) == 0 ? null : opened.plusSeconds(60L * r.nextInt(5000)),
                r.nextBoolean() ? "d" + r.nextInt(deployments) : null);
    }

    static Scenario scenario(long seed) {
        Random r = new Random(seed);
        List<String> shas = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            shas.add(Long.toHexString(r.nextLong()));
        }
        int n = 10 + r.nextInt(50);
        List<WorkItemFacts> items = new ArrayList<>();
        List<WorkItemFacts> stale = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = "it" + i;
            for (int k = r.nextInt(3); k > 0; k--) {
                stale.add(item(r, id));
            }
            if (r.nextInt(6) == 0) {
                stale.add(item(r, id));
                removed.add(id);
            } else {
                items.add(item(r, id));
            }
        }
        List<ValueStream> streams = new ArrayList<>();
        List<ValueStream> staleStreams = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            if (r.nextBoolean()) {
                staleStreams.add(stream(r, "vs" + i));
            }
            streams.add(stream(r, "vs" + i));
        }
        staleStreams.add(stream(r, "gone"));
        List<ChangeFact> changes = new ArrayList<>();
        List<DeploymentFact> deployments = new ArrayList<>();
        List<IncidentFact> incidents = new ArrayList<>();
        List<Object> staleDora = new ArrayList<>();
        int nd = 5 + r.nextInt(20);
        for (int i = 0; i < nd; i++) {
            if (r.nextBoolean()) {
                staleDora.add(deployment(r, "d" + i, shas));
            }
            deployments.add(deployment(r, "d" + i, shas));
        }
        for (int i = 0; i < 5 + r.nextInt(25); i++) {
            if (r.nextBoolean()) {
                staleDora.add(change(r, "c" + i, shas));
            }
            changes.add(change(r, "c" + i, shas));
        }
        for (int i = 0; i < r.nextInt(15); i++) {
            if (r.nextBoolean()) {
                staleDora.add(incident(r, "i" + i, nd));
            }
            incidents.add(incident(r, "i" + i, nd));
        }
        return new Scenario(items, stale, removed, streams, staleStreams, List.of("gone"), changes, deployments,
                incidents, staleDora);
    }

    static FactBatch batch(List<Object> ops) {
        List<WorkItemFacts> items = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<ChangeFact> changes = new ArrayList<>();
        List<DeploymentFact> deployments = new ArrayList<>();
        List<IncidentFact> incidents = new ArrayList<>();
        List<ValueStream> streams = new ArrayList<>();
        List<String> deletedStreams = new ArrayList<>();
        for (Object o : ops) {
            if (o instanceof WorkItemFacts f) {
                items.add(f);
            } else if (o instanceof RemoveItem ri) {
                removed.add(ri.id());
            } else if (o instanceof ChangeFact c) {
                changes.add(c);
            } else if (o instanceof DeploymentFact d) {
                deployments.add(d);
            } else if (o instanceof IncidentFact i) {
                incidents.add(i);
            } else if (o instanceof ValueStream vs) {
                streams.add(vs);
            } else if (o instanceof DeleteStream ds) {
                deletedStreams.add(ds.id());
            }
        }
        return new FactBatch(items, removed, changes, deployments, incidents, streams, deletedStreams);
    }

    record RemoveItem(String id) {
    }

    record DeleteStream(String id) {
    }

    /** Applies ops in random chunks, publishing after some of them. */
    static void applyInChunks(ViewState state, List<Object> ops, Random r) {
        int i = 0;
        while (i < ops.size()) {
            int size = 1 + r.nextInt(Math.max(1, ops.size() / 3));
            state.apply(batch(ops.subList(i, Math.min(ops.size(), i + size))));
            i += size;
            if (r.nextBoolean()) {
                state.publish();
            }
        }
    }

    @Test
    void incrementalUpdatesInAnyOrderAndChunkingEqualAFreshBuildAndTheReference() {
        for (long seed = 1; seed <= 40; seed++) {
            check(seed);
        }
    }

    private void check(long seed) {
        Scenario s = scenario(seed);
        Random r = new Random(seed * 31);

        ViewState fresh = new ViewState();
        fresh.apply(new FactBatch(s.items(), List.of(), s.changes(), s.deployments(), s.incidents(), s.streams(),
                List.of()));
        ViewSnapshot expected = fresh.publish();

        ViewState incremental = new ViewState();
        List<Object> staleOps = new ArrayList<>();
        staleOps.addAll(s.staleItems());
        staleOps.addAll(s.staleStreams());
        staleOps.addAll(s.staleDora());
        Collections.shuffle(staleOps, r);
        applyInChunks(incremental, staleOps, r);
        List<Object> finalOps = new ArrayList<>();
        finalOps.addAll(s.items());
        s.removed().forEach(id -> finalOps.add(new RemoveItem(id)));
        finalOps.addAll(s.streams());
        s.deletedStreams().forEach(id -> finalOps.add(new DeleteStream(id)));
        finalOps.addAll(s.changes());
        finalOps.addAll(s.deployments());
        finalOps.addAll(s.incidents());
        for (int k = r.nextInt(10); k > 0; k--) {
            finalOps.add(finalOps.get(r.nextInt(finalOps.size()))); // read again by an overlapping poll
        }
        Collections.shuffle(finalOps, r);
        // A repeat must not come before a stale version it should override: stale ones were applied first.
        applyInChunks(incremental, finalOps, r);
        ViewSnapshot actual = incremental.publish();
        assertThat(incremental.indexRebuilds()).as("seed %d: the day index kept in step incrementally", seed).isZero();

        assertThat(actual.streams().keySet()).as("seed %d", seed).isEqualTo(expected.streams().keySet());
        assertThat(actual.items()).isEqualTo(expected.items()).isEqualTo(s.items().size());
        for (ValueStream vs : s.streams()) {
            StreamView a = actual.streams().get(vs.id());
            StreamView e = expected.streams().get(vs.id());
            assertThat(histories(a)).as("seed %d stream %s", seed, vs.id()).containsOnlyKeys(histories(e).keySet());
            Map<String, Timeline> freshTimelines = histories(e);
            histories(a).forEach((id, tl) -> assertThat(tl.history().sameAs(freshTimelines.get(id).history()))
                    .as("seed %d item %s", seed, id).isTrue());
            List<WorkItemFacts> inScope = s.items().stream().filter(i -> Scopes.matchesItem(ValueStreams.normalized(vs).scope(), i.project(), i.team(), i.itemType()))
                    .toList();
            assertThat(a.timelines()).hasSize(inScope.size());
            for (int k = 0; k < 3; k++) {
                Instant from = BASE.plusSeconds(r.nextInt(86_400 * 120) + (k == 0 ? 0 : r.nextInt(1000)));
                Window w = new Window(from, from.plusSeconds(3600L + r.nextInt(86_400 * 100)),
                        Granularity.values()[r.nextInt(3)]);
                Instant now = k == 2 ? from.plusSeconds(86_400L * 5 + 3) : NOW;
                same(seed, a, e, v -> FlowCalculator.flow(v.index(), v.timelines(), w, now),
                        FlowCalculator.flow(vs, inScope, w, now));
                same(seed, a, e, v -> StageCalculator.stages(v.index(), v.timelines(), w, now),
                        StageCalculator.stages(vs, inScope, w, now));
                same(seed, a, e, v -> StageCalculator.cumulativeFlow(v.index(), v.timelines(), w, now),
                        StageCalculator.cumulativeFlow(vs, inScope, w, now));
                same(seed, a, e, v -> FlowCalculator.flow(v.index(), v.windows(), w, now),
                        FlowCalculator.flow(vs, inScope, w, now));
                same(seed, a, e, v -> StageCalculator.stages(v.index(), v.windows(), w, now),
                        StageCalculator.stages(vs, inScope, w, now));
                same(seed, a, e, v -> StageCalculator.cumulativeFlow(v.index(), v.windows(), w, now),
                        StageCalculator.cumulativeFlow(vs, inScope, w, now));
                same(seed, a, e, v -> DoraCalculator.dora(v.dora(), w, now),
                        DoraCalculator.dora(vs, s.changes(), s.deployments(), s.incidents(), w, now));
                same(seed, a, e, v -> AgingCalculator.agingWip(v.index(), v.timelines(), from),
                        AgingCalculator.agingWip(vs, inScope, from));
                boolean unfinished = k == 1;
                same(seed, a, e, v -> WorkItemPages.page(v.index(), v.timelines(), now, 500, null, unfinished),
                        WorkItemPages.page(vs, inScope, now, 500, null, unfinished));
                ForecastInput f = new ForecastInput(5, null, 60, 200, 7);
                same(seed, a, e, v -> Forecaster.forecast(v.timelines(), f, now),
                        Forecaster.forecast(vs, inScope, f, now));
            }
        }
    }

    @Test
    void aScopedStateHoldsOnlyWhatSomeScopeTakesAndAStreamSavedLaterAsksForItsItems() {
        for (long seed = 1; seed <= 20; seed++) {
            Scenario s = scenario(seed);
            Random r = new Random(seed * 17);
            ValueStream first = s.streams().get(0);
            List<ValueStream> rest = s.streams().subList(1, s.streams().size());
            ViewState scoped = ViewState.scoped();
            FactBatch one = new FactBatch(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(first),
                    List.of());
            assertThat(scoped.streamsToLoad(one)).extracting(ValueStream::id).containsExactly(first.id());
            scoped.apply(one);
            List<Object> ops = new ArrayList<>(s.items());
            ops.addAll(s.changes());
            ops.addAll(s.deployments());
            ops.addAll(s.incidents());
            applyInChunks(scoped, ops, r);
            assertThat(scoped.itemCount()).as("seed %d: only the first stream's items", seed)
                    .isEqualTo(taken(s.items(), List.of(first)).size());
            assertThat(scoped.streamsToLoad(one)).as("seed %d: held with this scope", seed).isEmpty();

            FactBatch more = new FactBatch(List.of(), List.of(), List.of(), List.of(), List.of(), rest, List.of());
            List<ValueStream> toLoad = scoped.streamsToLoad(more);
            assertThat(toLoad).extracting(ValueStream::id)
                    .containsExactlyElementsOf(rest.stream().map(ValueStream::id).toList());
            scoped.apply(more);
            applyInChunks(scoped, new ArrayList<>(taken(s.items(), toLoad)), r);
            ViewSnapshot actual = scoped.publish();

            ViewState fresh = new ViewState();
            fresh.apply(new FactBatch(s.items(), List.of(), s.changes(), s.deployments(), s.incidents(), s.streams(),
                    List.of()));
            ViewSnapshot expected = fresh.publish();
            assertThat(actual.items()).as("seed %d", seed).isEqualTo(taken(s.items(), s.streams()).size());
            Window w = new Window(BASE, BASE.plusSeconds(86_400L * 120), Granularity.WEEK);
            for (ValueStream vs : s.streams()) {
                StreamView a = actual.streams().get(vs.id());
                StreamView e = expected.streams().get(vs.id());
                assertThat(histories(a)).as("seed %d stream %s", seed, vs.id())
                        .containsOnlyKeys(histories(e).keySet());
                List<WorkItemFacts> inScope = taken(s.items(), List.of(vs));
                same(seed, a, e, v -> FlowCalculator.flow(v.index(), v.windows(), w, NOW),
                        FlowCalculator.flow(vs, inScope, w, NOW));
                same(seed, a, e, v -> StageCalculator.stages(v.index(), v.windows(), w, NOW),
                        StageCalculator.stages(vs, inScope, w, NOW));
                same(seed, a, e, v -> WorkItemPages.page(v.index(), v.timelines(), NOW, 500, null, false),
                        WorkItemPages.page(vs, inScope, NOW, 500, null, false));
            }

            scoped.apply(new FactBatch(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                    rest.stream().map(ValueStream::id).toList()));
            assertThat(scoped.itemCount()).as("seed %d: a deleted stream's items are dropped", seed)
                    .isEqualTo(taken(s.items(), List.of(first)).size());
            scoped.forgetStreams(List.of(first.id()));
            assertThat(scoped.itemCount()).isZero();
            assertThat(scoped.streamsToLoad(one)).extracting(ValueStream::id).containsExactly(first.id());
        }
    }

    /** The items that some of the streams' scopes take. */
    private static List<WorkItemFacts> taken(List<WorkItemFacts> items, List<ValueStream> streams) {
        return items.stream().filter(i -> streams.stream().anyMatch(vs -> Scopes.matchesItem(
                ValueStreams.normalized(vs).scope(), i.project(), i.team(), i.itemType()))).toList();
    }

    @Test
    void aDoraFactReindexesOnlyTheStreamsWhoseScopeItIsOrWasIn() {
        List<Stage> stages = List.of(new Stage("Doing", List.of("doing"), StageKind.ACTIVE));
        ValueStream pay = new ValueStream("pay", "Pay", new Scope(List.of(), List.of(), List.of(), List.of("pay-api"),
                List.of("org/pay")), stages, List.of("done"), List.of("production"), List.of());
        ValueStream ops = new ValueStream("ops", "Ops", new Scope(List.of(), List.of(), List.of(), List.of("ops-api"),
                List.of("org/ops")), stages, List.of("done"), List.of("production"), List.of());
        ViewState state = new ViewState();
        state.apply(new FactBatch(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(pay, ops), List.of()));
        ViewSnapshot first = state.publish();
        Instant t = BASE.plusSeconds(86_400);
        DeploymentFact opsDeploy = new DeploymentFact("d1", "ops-api", "production", true, t, t.plusSeconds(60), List.of("abc"));

        state.apply(new FactBatch(List.of(), List.of(), List.of(), List.of(opsDeploy), List.of(), List.of(), List.of()));
        ViewSnapshot second = state.publish();
        assertThat(second.streams().get("pay").dora()).as("pay's index untouched by ops' deployment")
                .isSameAs(first.streams().get("pay").dora());
        assertThat(second.streams().get("ops").dora()).isNotSameAs(first.streams().get("ops").dora());
        assertThat(DoraCalculator.dora(second.streams().get("ops").dora(), new Window(BASE, NOW, Granularity.WEEK), NOW)
                .deployments()).isEqualTo(1);

        // the same deployment corrected to pay's service leaves ops (it was there) and enters pay: both re-indexed
        DeploymentFact moved = new DeploymentFact("d1", "pay-api", "production", true, t, t.plusSeconds(60), List.of("abc"));
        state.apply(new FactBatch(List.of(), List.of(), List.of(), List.of(moved), List.of(), List.of(), List.of()));
        ViewSnapshot third = state.publish();
        Window all = new Window(BASE, NOW, Granularity.WEEK);
        assertThat(DoraCalculator.dora(third.streams().get("ops").dora(), all, NOW).deployments()).isZero();
        assertThat(DoraCalculator.dora(third.streams().get("pay").dora(), all, NOW).deployments()).isEqualTo(1);

        // a change in ops' repository leaves pay's index alone
        ChangeFact change = new ChangeFact("c1", "org/ops", t.minusSeconds(3600), null, t.minusSeconds(60), "abc");
        state.apply(new FactBatch(List.of(), List.of(), List.of(change), List.of(), List.of(), List.of(), List.of()));
        ViewSnapshot fourth = state.publish();
        assertThat(fourth.streams().get("pay").dora()).isSameAs(third.streams().get("pay").dora());
        assertThat(fourth.streams().get("ops").dora()).isNotSameAs(third.streams().get("ops").dora());
    }

    @Test
    void aPollPreparesNoDoraIndexUntilOneIsReadAndThenOnlyOnce() {
        List<Stage> stages = List.of(new Stage("Doing", List.of("doing"), StageKind.ACTIVE));
        ValueStream pay = new ValueStream("pay", "Pay", new Scope(List.of(), List.of(), List.of(), List.of("pay-api"),
                List.of("org/pay")), stages, List.of("done"), List.of("production"), List.of());
        ViewState state = new ViewState();
        state.apply(new FactBatch(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(pay), List.of()));
        state.publish();
        Window all = new Window(BASE, NOW, Granularity.WEEK);
        Instant t = BASE.plusSeconds(86_400);
        for (int k = 1; k <= 3; k++) {
            DeploymentFact d = new DeploymentFact("d" + k, "pay-api", "production", true, t, t.plusSeconds(60 * k),
                    List.of("abc" + k));
            state.apply(new FactBatch(List.of(), List.of(), List.of(), List.of(d), List.of(), List.of(), List.of()));
            StreamView view = state.publish().streams().get("pay");
            assertThat(view.doraFacts().isPrepared()).as("poll %d publishes the facts unprepared", k).isFalse();
            DoraIndex index = view.dora();
            assertThat(view.doraFacts().isPrepared()).isTrue();
            assertThat(view.dora()).as("a second reader gets the index the first prepared").isSameAs(index);
            assertThat(DoraCalculator.dora(index, all, NOW).deployments()).isEqualTo(k);
        }
        // a poll without DORA changes keeps the prepared index
        state.apply(new FactBatch(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of()));
        StreamView after = state.publish().streams().get("pay");
        assertThat(after.doraFacts().isPrepared()).isTrue();
    }

    @Test
    void concurrentReadersOfAnUnpreparedIndexAllGetTheOneIndex() throws Exception {
        ValueStream pay = new ValueStream("pay", "Pay", new Scope(List.of(), List.of(), List.of(), List.of("pay-api"),
                List.of("org/pay")), List.of(new Stage("Doing", List.of("doing"), StageKind.ACTIVE)),
                List.of("done"), List.of("production"), List.of());
        List<DeploymentFact> deployments = new ArrayList<>();
        for (int k = 0; k < 2_000; k++) {
            Instant at = BASE.plusSeconds(600L * k);
            deployments.add(new DeploymentFact("d" + k, "pay-api", "production", true, at, at.plusSeconds(30),
                    List.of("sha" + k)));
        }
        DoraFacts facts = DoraFacts.pending(pay, List.of(), List.copyOf(deployments), List.of(), false);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<DoraIndex>> got = new ArrayList<>();
            for (int r = 0; r < 8; r++) {
                got.add(pool.submit(() -> {
                    go.await();
                    return facts.index();
                }));
            }
            go.countDown();
            DoraIndex first = got.get(0).get();
            for (Future<DoraIndex> f : got) {
                assertThat(f.get()).isSameAs(first);
            }
            assertThat(DoraCalculator.dora(first, new Window(BASE, NOW, Granularity.WEEK), NOW).deployments())
                    .isEqualTo((int) deployments.stream().filter(d -> d.finishedAt().isBefore(NOW)).count());
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<String, Timeline> histories(StreamView v) {
        Map<String, Timeline> out = new HashMap<>();
        v.timelines().forEach(tl -> out.put(tl.item().itemId(), tl));
        return out;
    }

    private static <T> void same(long seed, StreamView actual, StreamView fresh,
            java.util.function.Function<StreamView, T> compute, T reference) {
        assertThat(compute.apply(actual)).as("seed %d, incremental vs reference", seed).isEqualTo(reference);
        assertThat(compute.apply(fresh)).as("seed %d, fresh vs reference", seed).isEqualTo(reference);
    }

}
