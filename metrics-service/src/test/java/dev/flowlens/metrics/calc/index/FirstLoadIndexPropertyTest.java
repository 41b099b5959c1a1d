package dev.flowlens.metrics.calc.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.Window;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import dev.flowlens.metrics.calc.timeline.StatusIndex;
import dev.flowlens.metrics.calc.timeline.Timeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A first load's day index, built as the load builds it (every timeline added, the stores flushing their queues into
 * runs of records that the one {@link WindowIndex.Builder#build()} at the end folds into each day), answers exactly
 * as the index built the way polls build it (a build after every few items: days merged from overlays), for random
 * items on days that each get many runs; both answer as the calculators' reference; and polls keep updating the
 * index the load built.
 */
class FirstLoadIndexPropertyTest {

    @Property(tries = 60)
    void aFirstLoadBuildsTheIndexThatPollsBuild(@ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int flushLongs,
            @ForAll @IntRange(min = 1, max = 8) int itemsPerBuild) {
        Random r = new Random(seed);
        ValueStream vs = WindowIndexTest.stream(r);
        StatusIndex index = StatusIndex.of(vs);
        Map<String, WorkItemFacts> items = new LinkedHashMap<>();
        for (int i = 0; i < 40 + r.nextInt(260); i++) {
            items.put("it" + i, WindowIndexTest.item(r, "it" + i));
        }
        WindowIndex.Builder load = new WindowIndex.Builder(index, flushLongs, DayStore.MIN_OVERLAY_RECORDS);
        WindowIndex.Builder polls = new WindowIndex.Builder(index, DayStore.DEFAULT_FLUSH_LONGS,
                new int[] {0, 3, DayStore.MIN_OVERLAY_RECORDS}[r.nextInt(3)]);
        Map<String, Timeline> indexed = new LinkedHashMap<>();
        int added = 0;
        for (WorkItemFacts f : items.values()) {
            Timeline tl = Timeline.of(f, index);
            indexed.put(f.itemId(), tl);
            load.add(tl);
            polls.add(tl);
            if (++added % itemsPerBuild == 0) {
                polls.build();
            }
        }
        WindowIndex loaded = load.build();
        WindowIndex polled = polls.build();
        assertSameAnswers("seed " + seed + " first load", r, vs, index, items, loaded, polled);

        // Polls then change the index the load built: late facts, deletions and new items.
        for (int k = 0; k < 20; k++) {
            String id = "it" + r.nextInt(items.size() + 5);
            WorkItemFacts old = items.get(id);
            Timeline replaced;
            if (old != null && r.nextInt(5) == 0) {
                items.remove(id);
                replaced = indexed.remove(id);
            } else {
                WorkItemFacts next = WindowIndexTest.item(r, id);
                items.put(id, next);
                Timeline tl = Timeline.of(next, index);
                replaced = indexed.put(id, tl);
                load.add(tl);
                polls.add(tl);
            }
            if (replaced != null) {
                load.remove(replaced);
                polls.remove(replaced);
            }
            if (r.nextInt(4) == 0) {
                load.build();
            }
        }
        assertSameAnswers("seed " + seed + " after polls", r, vs, index, items, load.build(), polls.build());
    }

    /**
     * Both indexes count the same items at random instants (fact instants among them) and visit the same finishes, and
     * both give the reference's flow, stage and cumulative flow metrics.
     */
    private static void assertSameAnswers(String what, Random r, ValueStream vs, StatusIndex index,
            Map<String, WorkItemFacts> items, WindowIndex a, WindowIndex b) {
        List<Instant> instants = WindowIndexTest.instants(items);
        int stages = index.stages().size();
        for (int k = 0; k < 40; k++) {
            long t = dev.flowlens.metrics.calc.Times.ceilMicros(r.nextBoolean()
                    ? instants.get(r.nextInt(instants.size())) : WindowIndexTest.window(r, instants).from());
            int[][] count = new int[2][stages + 1];
            long[][] sec = new long[2][stages + 1];
            long[][] micro = new long[2][stages + 1];
            a.stagesAt(t, count[0], sec[0], micro[0]);
            b.stagesAt(t, count[1], sec[1], micro[1]);
            assertThat(count[0]).as("%s: items by stage at %d", what, t).isEqualTo(count[1]);
            assertThat(sec[0]).as("%s: visit starts by stage at %d", what, t).isEqualTo(sec[1]);
            assertThat(micro[0]).as("%s: visit starts by stage at %d", what, t).isEqualTo(micro[1]);
            Window w = WindowIndexTest.window(r, instants);
            long from = dev.flowlens.metrics.calc.Times.ceilMicros(w.from());
            long asOf = dev.flowlens.metrics.calc.Times.ceilMicros(WindowIndexTest.now(r, w, instants));
            assertThat(finishes(a, from, asOf)).as("%s: finishes in [%d, %d)", what, from, asOf)
                    .isEqualTo(finishes(b, from, asOf));
        }
        for (int k = 0; k < 6; k++) {
            Window w = WindowIndexTest.window(r, instants);
            WindowIndexTest.Expected e = WindowIndexTest.expected(vs, List.copyOf(items.values()), w,
                    WindowIndexTest.now(r, w, instants));
            WindowIndexTest.assertAnswers(what + " (load)", index, a, e);
            WindowIndexTest.assertAnswers(what + " (polls)", index, b, e);
        }
    }

    /** The finishes an index visits in [from, asOf), each as its fields, sorted (the order within a day is free). */
    private static List<String> finishes(WindowIndex wi, long from, long asOf) {
        List<String> out = new ArrayList<>();
        wi.finishedIn(from, asOf, (flowEnd, flowStart, createdAt, activeMicros, type, record, stageOffset) -> out.add(
                flowEnd + " " + flowStart + " " + createdAt + " " + activeMicros + " " + type + " "
                        + Arrays.toString(Arrays.copyOfRange(record, stageOffset, stageOffset + wi.stageCount()))));
        out.sort(null);
        return out;
    }
}
