package dev.flowlens.metrics.calc.index;

import dev.flowlens.events.ItemType;
import dev.flowlens.metrics.calc.Times;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import dev.flowlens.metrics.calc.timeline.StatusCategory;
import dev.flowlens.metrics.calc.timeline.StatusIndex;
import dev.flowlens.metrics.calc.timeline.Timeline;
import java.util.Arrays;
import java.util.SortedSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * One value stream's items, indexed by time so that a window's flow and stage metrics read only the days they need
 * instead of every item's timeline. Everything here is derived from the stream's {@link Timeline}s by
 * {@link Builder#add}, and is independent of any window:
 * <ul>
 * <li><b>stage visits</b> by stage and item type (maximal runs of consecutive segments in one stage) and <b>DONE
 * runs</b> by item type (maximal runs of consecutive DONE segments), with the sum of their starts: WIP, WIP age and
 * cumulative flow at t ({@link DayEvents}). Flow load at t comes from the same counts: an item's flow intervals
 * (maximal runs of ACTIVE/WAITING segments) are exactly the unions of its consecutive stage visits, and under the
 * strict rule one of its flow intervals is in force at t exactly when one of its stage visits is, so the items of a
 * type in flow at t are that type's stage visits in force at t, summed over the stages;</li>
 * <li><b>finishes</b>, one per DONE run, bucketed by the day the run starts: the run's start (the item's flow end
 * while the run lasts) and end, and what the rules measure from it: flow start (as of that flow end), createdAt,
 * time in each stage within [flow start, flow end), whose ACTIVE stages sum to the active time (both add the same
 * segments' overlaps with that interval). An item's flow end as of asOf is the start of the
 * DONE run in force at asOf, so the items finished in [from, to) as of asOf are the finishes with start in
 * [from, asOf) whose run lasts until asOf.</li>
 * </ul>
 * The measurements of a finish come from {@link Timeline}'s own methods, so each rule stays in one place.
 *
 * <p>Immutable. A {@link Builder} is kept per stream and updated item by item (remove the old timeline, add the new
 * one); {@link Builder#build()} rebuilds only the days that changed and shares the others with earlier snapshots.
 */
public final class WindowIndex {
    /**
     * Fields of a finish record after the packed flow end (its offset in the day and, in the low {@link #TYPE_BITS},
     * the item type's ordinal): run end, flow start, createdAt, then the time in each stage.
     */
    private static final int F_RUN_END = 1;
    private static final int F_FLOW_START = 2;
    private static final int F_CREATED = 3;
    private static final int F_STAGES = 4;
    private static final int TYPE_BITS = 3;
    private static final int TYPES = ItemType.values().length;

    private final int stageCount;
    /** Whether each stage is ACTIVE (its time counts as active time). */
    private final boolean[] activeStage;
    /** Stage visits under key (stage * TYPES + type), DONE runs under (stageCount * TYPES + type). */
    private final DayEvents stages;
    private final long[] finishDays;
    /** Per finish day: its sorted records, packed ({@link PackedDay}). */
    private final PackedDay[] finishes;
    /**
     * Per finish day: {@code [0]} the records added since its array was built (the store's overlay,
     * {@link DayStore}), {@code [1]} those removed since; a removed record stands for one equal record of the array or
     * the additions, which is not visited.
     */
    private final long[][][] finishOverlays;

    private WindowIndex(int stageCount, boolean[] activeStage, DayEvents stages, long[] finishDays,
            PackedDay[] finishes, long[][][] finishOverlays) {
        this.stageCount = stageCount;
        this.activeStage = activeStage;
        this.stages = stages;
        this.finishDays = finishDays;
        this.finishes = finishes;
        this.finishOverlays = finishOverlays;
    }

    /** An index of the given timelines of a stream (in-scope items, unique by item). */
    public static WindowIndex of(StatusIndex index, Iterable<Timeline> timelines) {
        Builder b = new Builder(index);
        for (Timeline tl : timelines) {
            b.add(tl);
        }
        return b.build();
    }

    int stageCount() {
        return stageCount;
    }

    /** Items in flow at t, by item type ordinal. */
    public void loadAt(long t, int[] byType) {
        int keys = stages.keys();
        int[] count = new int[keys];
        stages.inForce(t, count, new long[keys], new long[keys]);
        java.util.Arrays.fill(byType, 0, TYPES, 0);
        for (int s = 0; s < stageCount; s++) {
            for (int type = 0; type < TYPES; type++) {
                byType[type] += count[s * TYPES + type];
            }
        }
    }

    /**
     * At t: items in each stage (count[0..ns-1]) and in DONE (count[ns]); with the sums of their visits' starts as
     * sec * 10^6 + micro (wrapping).
     */
    public void stagesAt(long t, int[] count, long[] sec, long[] micro) {
        int keys = stages.keys();
        int[] c = new int[keys];
        long[] s = new long[keys];
        long[] m = new long[keys];
        stages.inForce(t, c, s, m);
        for (int stage = 0; stage <= stageCount; stage++) {
            int n = 0;
            long sumSec = 0;
            long sumMicro = 0;
            for (int type = 0; type < TYPES; type++) {
                int k = stage * TYPES + type;
                n += c[k];
                sumSec += s[k];
                sumMicro += m[k];
            }
            count[stage] = n;
            sec[stage] = sumSec;
            micro[stage] = sumMicro;
        }
    }

    /** What a finish gives to a window's metrics. */
    public interface FinishVisitor {
        /**
         * @param flowEnd   the item's flow end
         * @param flowStart its flow start, or {@link Times#NONE}
         * @param record    the record: time in stage s (micros) at {@code record[stageOffset + s]}
         */
        void visit(long flowEnd, long flowStart, long createdAt, long activeMicros, int type, long[] record,
                int stageOffset);
    }

    /** Visits every item whose flow end as of asOf lies in [from, asOf) (all microseconds, asOf rounded up). */
    public void finishedIn(long from, long asOf, FinishVisitor visitor) {
        int stride = F_STAGES + stageCount;
        long lastDay = DayStore.dayOf(asOf - 1);
        for (int d = firstAtOrAfter(finishDays, DayStore.dayOf(from)); d < finishDays.length
                && finishDays[d] <= lastDay; d++) {
            long dayStart = finishDays[d] * Times.DAY_MICROS;
            long[] removed = finishOverlays[d][1];
            boolean[] matched = removed.length == 0 ? null : new boolean[removed.length / stride];
            long[] rec = new long[stride];
            PackedDay.Reader r = finishes[d].reader();
            int[] cursor = {0};
            while (r.next(rec)) {
                visitDay(rec, cursor, removed, matched, dayStart, from, asOf, visitor);
            }
            visitDay(finishOverlays[d][0], new int[] {0}, removed, matched, dayStart, from, asOf, visitor);
        }
    }

    /**
     * Visits the records of one day's array whose flow end lies in [from, asOf), less those that a removed record not
     * matched yet stands for ({@code removed} sorted by offset like {@code recs}; {@code matched} marks the removed
     * records used up). {@code cursor[0]}: where the search of the removed records starts, kept between the calls
     * for the records of one array read one at a time (offsets only grow).
     */
    private void visitDay(long[] recs, int[] cursor, long[] removed, boolean[] matched, long dayStart, long from,
            long asOf, FinishVisitor visitor) {
        int stride = F_STAGES + stageCount;
        int r = cursor[0];
        for (int i = 0; i < recs.length; i += stride) {
            if (removed.length > 0) {
                long offset = recs[i] >>> TYPE_BITS;
                while (r < removed.length && (removed[r] >>> TYPE_BITS) < offset) {
                    r += stride;
                }
                cursor[0] = r;
                if (takenBack(recs, i, removed, r, matched, stride)) {
                    continue;
                }
            }
            long end = dayStart + (recs[i] >>> TYPE_BITS);
            long runEnd = recs[i + F_RUN_END];
            if (end >= from && end < asOf && (runEnd == Times.NONE || runEnd >= asOf)) {
                long active = 0;
                for (int s = 0; s < stageCount; s++) {
                    if (activeStage[s]) {
                        active += recs[i + F_STAGES + s];
                    }
                }
                visitor.visit(end, recs[i + F_FLOW_START], recs[i + F_CREATED], active,
                        (int) (recs[i] & ((1 << TYPE_BITS) - 1)), recs, i + F_STAGES);
            }
        }
    }

    /**
     * True if an unmatched removed record from index {@code from} on (those with the record's offset come first)
     * equals the record at {@code at}; it is then marked matched.
     */
    private static boolean takenBack(long[] recs, int at, long[] removed, int from, boolean[] matched, int stride) {
        long offset = recs[at] >>> TYPE_BITS;
        for (int r = from; r < removed.length && (removed[r] >>> TYPE_BITS) == offset; r += stride) {
            if (!matched[r / stride] && Arrays.equals(recs, at, at + stride, removed, r, r + stride)) {
                matched[r / stride] = true;
                return true;
            }
        }
        return false;
    }

    private static int firstAtOrAfter(long[] sorted, long v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The mutable side, kept per stream: add and remove timelines, then build a snapshot. Not thread-safe. */
    public static final class Builder {
        private final int stageCount;
        private final boolean[] activeStage;
        private final DayEvents.Builder stages;
        private final DayStore finishes;
        private WindowIndex built;
        private long[] finishDays;
        private PackedDay[] finishRecords;
        private long[][][] finishOverlays;
        /** Scratch of {@link #finish}, copied by the store: a finish record's fields after the first, time by stage. */
        private final long[] finishRest;
        private final long[] perStage;

        public Builder(StatusIndex index) {
            this(index, DayStore.DEFAULT_FLUSH_LONGS);
        }

        /** @param flushLongs queued longs beyond which a store applies its queue (tests make it small) */
        Builder(StatusIndex index, int flushLongs) {
            this(index, flushLongs, DayStore.MIN_OVERLAY_RECORDS);
        }

        /** @param minOverlay records a day's overlay may hold before the day is merged (tests make it small) */
        Builder(StatusIndex index, int flushLongs, int minOverlay) {
            this.stageCount = index.stages().size();
            this.activeStage = new boolean[stageCount];
            for (int s = 0; s < stageCount; s++) {
                activeStage[s] = index.stageCategories()[s] == StatusCategory.ACTIVE;
            }
            if ((long) (stageCount + 1) * TYPES > DayEvents.MAX_KEYS) {
                throw new IllegalArgumentException("stages: at most " + (DayEvents.MAX_KEYS / TYPES - 1) + " stages");
            }
            this.stages = new DayEvents.Builder((stageCount + 1) * TYPES, flushLongs, minOverlay);
            this.finishes = new DayStore(F_STAGES + stageCount, TYPE_BITS, flushLongs, true, minOverlay);
            this.finishRest = new long[F_STAGES + stageCount - 1];
            this.perStage = new long[stageCount];
        }

        /** Adds a timeline of this stream (built with the same {@link StatusIndex}). */
        public void add(Timeline tl) {
            contribute(tl, true);
        }

        /** Removes a timeline added before (the very same one, or one equal to it). */
        public void remove(Timeline tl) {
            contribute(tl, false);
        }

        private void contribute(Timeline tl, boolean add) {
            int type = WorkItemFacts.typeOf(tl.history().itemType()).ordinal();
            int n = tl.segmentCount();
            int i = 0;
            while (i < n) {
                short code = tl.code(i);
                int j = i + 1;
                if (code == Timeline.DONE_CODE) {
                    while (j < n && tl.code(j) == Timeline.DONE_CODE) {
                        j++;
                    }
                    long runEnd = j < n ? tl.startMicros(j) : Times.NONE;
                    interval(stages, tl.startMicros(i), runEnd, stageCount * TYPES + type, add);
                    finish(tl, tl.startMicros(i), runEnd, type, add);
                } else if (code >= 0) {
                    while (j < n && tl.code(j) == code) {
                        j++;
                    }
                    interval(stages, tl.startMicros(i), j < n ? tl.startMicros(j) : Times.NONE, code * TYPES + type,
                            add);
                } else {
                    while (j < n && tl.code(j) == Timeline.NEW_CODE) {
                        j++;
                    }
                }
                i = j;
            }
        }

        private static void interval(DayEvents.Builder to, long start, long end, int key, boolean add) {
            if (add) {
                to.add(start, end, key);
            } else {
                to.remove(start, end, key);
            }
        }

        private void finish(Timeline tl, long end, long runEnd, int type, boolean add) {
            long[] rest = finishRest;
            long start = tl.flowStartMicros(end);
            rest[F_RUN_END - 1] = runEnd;
            rest[F_FLOW_START - 1] = start;
            rest[F_CREATED - 1] = tl.createdAtMicros();
            Arrays.fill(perStage, 0);
            if (start != Times.NONE) {
                tl.addStageMicros(start, end, perStage);
            }
            System.arraycopy(perStage, 0, rest, F_STAGES - 1, stageCount);
            if (add) {
                finishes.add(end, type, rest);
            } else {
                finishes.remove(end, type, rest);
            }
        }

        /** A snapshot of what was added and not removed; cheap when little changed since the last one. */
        public WindowIndex build() {
            boolean finishesChanged = finishes.dirty() || finishDays == null;
            // After a first load both halves hold runs to merge (DayStore): seconds at millions of items, when the
            // reader and PostgreSQL are done and the second core is idle; the finishes are merged there meanwhile.
            FutureTask<long[]> side = null;
            if (finishes.hasRuns() && stages.hasRuns()) {
                side = new FutureTask<>(finishes::build);
                new Thread(side, "window-index-build").start();
            }
            DayEvents s;
            Throwable sideFailed = null;
            try {
                s = stages.build();
            } finally {
                if (side != null) {
                    sideFailed = awaitUninterruptibly(side); // also when the stages failed: no build may outlive this
                }
            }
            if (sideFailed instanceof RuntimeException e) {
                throw e;
            }
            if (sideFailed instanceof Error e) {
                throw e;
            }
            if (finishesChanged) {
                if (side == null) {
                    finishes.build();
                }
                SortedSet<Long> days = finishes.heldDays();
                int n = days.size();
                finishDays = new long[n];
                finishRecords = new PackedDay[n];
                finishOverlays = new long[n][][];
                int d = 0;
                for (long day : days) {
                    finishDays[d] = day;
                    finishRecords[d] = finishes.base(day);
                    finishOverlays[d] = finishes.overlays(day);
                    d++;
                }
                built = null;
            }
            if (built == null || built.stages != s) {
                built = new WindowIndex(stageCount, activeStage, s, finishDays, finishRecords, finishOverlays);
            }
            return built;
        }

        /** Waits for the side build; returns what it threw (an Error too), or null. */
        private static Throwable awaitUninterruptibly(FutureTask<long[]> task) {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        task.get();
                        return null;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    } catch (ExecutionException e) {
                        return e.getCause();
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
