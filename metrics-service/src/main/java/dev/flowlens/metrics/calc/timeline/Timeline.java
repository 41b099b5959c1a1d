package dev.flowlens.metrics.calc.timeline;

import dev.flowlens.metrics.calc.Times;
import dev.flowlens.metrics.calc.fact.Transition;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The status history of one item within one value stream (METRICS.md "An item's timeline"), built once and then
 * queried: a {@link StatusHistory} (the segments, shared by every stream) plus each segment's stage and category in
 * this stream. See {@link StatusHistory} for the construction rules.
 *
 * <p>Two APIs: the public one speaks {@link Instant}; the package-private one, used by the calculators' hot loops,
 * speaks epoch microseconds (fact times as they are, query instants rounded up with {@link Times#ceilMicros}, which
 * keeps every {@code <} comparison exact) and returns {@link Times#NONE} for "none".
 */
public final class Timeline {
    /** Order of application, made total so that the result does not depend on input order. */
    static final Comparator<Transition> ORDER = Comparator.comparing(Transition::at)
            .thenComparing(Transition::eventId, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Transition::toStatus, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Transition::fromStatus, Comparator.nullsFirst(Comparator.naturalOrder()));

    public static final short NEW_CODE = -1;
    public static final short DONE_CODE = -2;

    private final StatusHistory history;
    /** The stream's codes by status ordinal and its stages' categories (shared by the stream's timelines). */
    private final Codes codes;
    /**
     * The last segment's code, kept here so that most items are skipped or kept by {@link #quietFrom} without reading
     * the history (the start is read only for an item that is in no stage; not kept, so that a timeline stays at three
     * fields, one per stream the item is in).
     */
    private final short lastCode;

    /**
     * One stream's codes for the ordinals of a {@link StatusTable}: by ordinal, the stage index (&gt;= 0),
     * {@link #NEW_CODE} or {@link #DONE_CODE}; and the category of each stage. Shared by the stream's timelines (a
     * timeline keeps one reference, no code per segment); never modified.
     */
    static final class Codes {
        final short[] byOrdinal;
        final StatusCategory[] stageCategories;

        Codes(short[] byOrdinal, StatusCategory[] stageCategories) {
            this.byOrdinal = byOrdinal;
            this.stageCategories = stageCategories;
        }
    }

    /** @param codes the stream's codes for every ordinal of the history's {@link StatusTable} */
    Timeline(StatusHistory history, StatusIndex index, Codes codes) {
        if (index.stages().size() > Short.MAX_VALUE) {
            throw new IllegalArgumentException("stages: at most " + Short.MAX_VALUE + " stages");
        }
        this.history = history;
        this.codes = codes;
        int last = history.segmentCount() - 1;
        this.lastCode = codes.byOrdinal[history.ordinal(last)];
    }

    /**
     * Builds the timeline of an item in a value stream.
     *
     * @throws IllegalArgumentException if the item has no createdAt
     */
    public static Timeline of(WorkItemFacts item, StatusIndex index) {
        return StatusHistory.of(item).in(index);
    }

    /** Transitions with a time, de-duplicated by event id, in order of application. */
    static List<Transition> sortedUnique(List<Transition> transitions) {
        if (transitions == null || transitions.isEmpty()) {
            return List.of();
        }
        List<Transition> valid = new ArrayList<>(transitions.size());
        for (Transition t : transitions) {
            if (t != null && t.at() != null) {
                valid.add(t);
            }
        }
        valid.sort(ORDER);
        Set<String> seen = new HashSet<>();
        List<Transition> unique = new ArrayList<>(valid.size());
        for (Transition t : valid) {
            String id = t.eventId() != null ? t.eventId() : "\u0000" + t.at() + '\u0000' + t.fromStatus() + '\u0000'
                    + t.toStatus();
            if (seen.add(id)) {
                unique.add(t);
            }
        }
        return unique;
    }

    /** The segments this timeline is built on. */
    public StatusHistory history() {
        return history;
    }

    /** The item this timeline was built from (without its transitions). */
    public WorkItemFacts item() {
        return history.item();
    }

    /** When the item was created; it exists at t when createdAt &lt; t. */
    public Instant createdAt() {
        return Times.instantOfMicros(history.createdAtMicros());
    }

    /** Number of segments (at least 1). */
    public int segmentCount() {
        return history.segmentCount();
    }

    /** Start of segment i. */
    public Instant segmentStart(int i) {
        return Times.instantOfMicros(history.startMicros(i));
    }

    /** End of segment i, or null for the last (open) segment. */
    public Instant segmentEnd(int i) {
        return i + 1 < history.segmentCount() ? Times.instantOfMicros(history.startMicros(i + 1)) : null;
    }

    /** Status of segment i as the tool spelled it (null when the earliest transition had no fromStatus). */
    public String segmentStatus(int i) {
        return history.segmentStatus(i);
    }

    /** Category of segment i. */
    public StatusCategory segmentCategory(int i) {
        return category(code(i));
    }

    /** Stage index of segment i, or {@link StatusIndex#NO_STAGE}. */
    public int segmentStage(int i) {
        return code(i) >= 0 ? code(i) : StatusIndex.NO_STAGE;
    }

    /** The segment in force at t (status after every transition with at &lt; t), or -1 if the item does not exist. */
    public int segmentAt(Instant t) {
        return segmentAtMicros(Times.ceilMicros(t));
    }

    /** True if createdAt &lt; t. */
    public boolean existsAt(Instant t) {
        return history.createdAtMicros() < Times.ceilMicros(t);
    }

    /** Status at t, or null if the item does not exist at t. */
    public String statusAt(Instant t) {
        int i = segmentAt(t);
        return i < 0 ? null : history.segmentStatus(i);
    }

    /** Category at t, or null if the item does not exist at t. */
    public StatusCategory categoryAt(Instant t) {
        int i = segmentAt(t);
        return i < 0 ? null : category(code(i));
    }

    /** Stage index at t, or {@link StatusIndex#NO_STAGE} (also when the item does not exist). */
    public int stageAt(Instant t) {
        return stageAtMicros(Times.ceilMicros(t));
    }

    /** Flow start as of asOf: the first instant before asOf at which the category is ACTIVE or WAITING, or null. */
    public Instant flowStart(Instant asOf) {
        return instantOrNull(flowStartMicros(Times.ceilMicros(asOf)));
    }

    /**
     * Flow end as of asOf: if the category at asOf is DONE, the instant the item last entered DONE from another
     * category (createdAt if it was created in DONE); otherwise null (unfinished).
     */
    public Instant flowEnd(Instant asOf) {
        return instantOrNull(flowEndMicros(Times.ceilMicros(asOf)));
    }

    /** Seconds in ACTIVE statuses within [from, to) (bounds rounded up to the microsecond). */
    public double activeSeconds(Instant from, Instant to) {
        return Times.secondsOfMicros(activeMicros(Times.ceilMicros(from), Times.ceilMicros(to)));
    }

    /** Seconds in each stage's statuses within [from, to), indexed by stage, into {@code perStage}. */
    public void addStageSeconds(Instant from, Instant to, double[] perStage) {
        long[] us = new long[perStage.length];
        addStageMicros(Times.ceilMicros(from), Times.ceilMicros(to), us);
        for (int s = 0; s < us.length; s++) {
            perStage[s] += Times.secondsOfMicros(us[s]);
        }
    }

    /**
     * When the item entered its current visit of the stage it is in at t: the start of the run of consecutive
     * segments in that stage that contains t; null if the item is in no stage at t.
     */
    public Instant currentVisitStart(Instant t) {
        return instantOrNull(currentVisitStartMicros(Times.ceilMicros(t)));
    }

    // ---- microsecond API for the calculators ----

    public long createdAtMicros() {
        return history.createdAtMicros();
    }

    public long startMicros(int i) {
        return history.startMicros(i);
    }

    /** End of segment i, or {@link Times#NONE} for the last (open) segment. */
    public long endMicros(int i) {
        return i + 1 < history.segmentCount() ? history.startMicros(i + 1) : Times.NONE;
    }

    public short code(int i) {
        return codes.byOrdinal[history.ordinal(i)];
    }

    StatusCategory category(short code) {
        return code >= 0 ? codes.stageCategories[code] : code == DONE_CODE ? StatusCategory.DONE : StatusCategory.NEW;
    }

    public boolean inFlow(int i) {
        return code(i) >= 0;
    }

    public boolean done(int i) {
        return code(i) == DONE_CODE;
    }

    /**
     * True if nothing happens to the item from t on: its last segment started before t and is in no stage. Such an
     * item cannot finish at or after t, is in no stage at any instant from t on, and every flow interval it had ended
     * before t, so windowed flow and stage metrics from t on can skip it (the exact rules give it no part there).
     */
    public boolean quietFrom(long t) {
        return lastCode < 0 && history.startMicros(history.segmentCount() - 1) < t;
    }

    public int segmentAtMicros(long t) {
        return history.lastStartBefore(t);
    }

    public int stageAtMicros(long t) {
        int i = segmentAtMicros(t);
        return i < 0 || code(i) < 0 ? StatusIndex.NO_STAGE : code(i);
    }

    public long flowStartMicros(long asOf) {
        for (int i = 0; i < history.segmentCount() && history.startMicros(i) < asOf; i++) {
            if (code(i) >= 0) {
                return history.startMicros(i);
            }
        }
        return Times.NONE;
    }

    public long flowEndMicros(long asOf) {
        int i = segmentAtMicros(asOf);
        if (i < 0 || code(i) != DONE_CODE) {
            return Times.NONE;
        }
        while (i > 0 && code(i - 1) == DONE_CODE) {
            i--;
        }
        return history.startMicros(i);
    }

    public long activeMicros(long from, long to) {
        long total = 0;
        for (int i = Math.max(segmentAtMicros(from), 0); i < history.segmentCount() && history.startMicros(i) < to; i++) {
            if (code(i) >= 0 && codes.stageCategories[code(i)] == StatusCategory.ACTIVE) {
                total += overlap(i, from, to);
            }
        }
        return total;
    }

    public void addStageMicros(long from, long to, long[] perStage) {
        for (int i = Math.max(segmentAtMicros(from), 0); i < history.segmentCount() && history.startMicros(i) < to; i++) {
            if (code(i) >= 0) {
                perStage[code(i)] += overlap(i, from, to);
            }
        }
    }

    public long currentVisitStartMicros(long t) {
        int i = segmentAtMicros(t);
        if (i < 0 || code(i) < 0) {
            return Times.NONE;
        }
        short stage = code(i);
        while (i > 0 && code(i - 1) == stage) {
            i--;
        }
        return history.startMicros(i);
    }

    private long overlap(int i, long from, long to) {
        long s = Math.max(history.startMicros(i), from);
        long e = i + 1 < history.segmentCount() ? Math.min(history.startMicros(i + 1), to) : to;
        return e > s ? e - s : 0;
    }

    private static Instant instantOrNull(long us) {
        return us == Times.NONE ? null : Times.instantOfMicros(us);
    }
}
