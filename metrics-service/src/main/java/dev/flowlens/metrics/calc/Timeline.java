package dev.flowlens.metrics.calc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The status history of one item within one value stream (METRICS.md "An item's timeline"), built once and then
 * queried. Segment i holds status s_i over [start_i, start_{i+1}); the last segment is open.
 *
 * <p>Construction rules: transitions are de-duplicated by event id and applied in order of (at, eventId); the
 * timeline starts at createdAt in the fromStatus of the earliest transition (or the upserted status without
 * transitions); a transition dated before createdAt is applied at createdAt; a null toStatus keeps the status;
 * segments of zero length are dropped, because under the strict {@code < t} rule no instant ever sees them.
 * After that, segment starts are strictly increasing and "state at t" is the last segment starting before t.
 */
public final class Timeline {
    private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());
    /** Order of application, made total so that the result does not depend on input order. */
    static final Comparator<Transition> ORDER = Comparator.comparing(Transition::at)
            .thenComparing(Transition::eventId, NULLS_FIRST)
            .thenComparing(Transition::toStatus, NULLS_FIRST)
            .thenComparing(Transition::fromStatus, NULLS_FIRST);

    private final WorkItemFacts item;
    private final Instant createdAt;
    private final int size;
    private final Instant[] starts;
    private final String[] statuses;
    private final StatusCategory[] categories;
    private final int[] stages;

    private Timeline(WorkItemFacts item, Instant createdAt, int size, Instant[] starts, String[] statuses,
            StatusCategory[] categories, int[] stages) {
        this.item = item;
        this.createdAt = createdAt;
        this.size = size;
        this.starts = starts;
        this.statuses = statuses;
        this.categories = categories;
        this.stages = stages;
    }

    /**
     * Builds the timeline of an item in a value stream.
     *
     * @throws IllegalArgumentException if the item has no createdAt
     */
    public static Timeline of(WorkItemFacts item, StatusIndex index) {
        Instant createdAt = item.createdAt();
        if (createdAt == null) {
            throw new IllegalArgumentException("item " + item.itemId() + ": createdAt must be given");
        }
        List<Transition> sorted = sortedUnique(item.transitions());
        int capacity = sorted.size() + 1;
        Instant[] starts = new Instant[capacity];
        String[] statuses = new String[capacity];
        int n = 0;
        String current = sorted.isEmpty() ? item.status() : sorted.get(0).fromStatus();
        starts[n] = createdAt;
        statuses[n] = current;
        n++;
        for (Transition t : sorted) {
            Instant at = t.at().isBefore(createdAt) ? createdAt : t.at();
            if (t.toStatus() != null) {
                current = t.toStatus();
            }
            if (starts[n - 1].equals(at)) {
                statuses[n - 1] = current; // the earlier segment had zero length
            } else {
                starts[n] = at;
                statuses[n] = current;
                n++;
            }
        }
        StatusCategory[] categories = new StatusCategory[n];
        int[] stages = new int[n];
        for (int i = 0; i < n; i++) {
            categories[i] = index.categoryOf(statuses[i]);
            stages[i] = index.stageOf(statuses[i]);
        }
        return new Timeline(item, createdAt, n, starts, statuses, categories, stages);
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

    /** The item this timeline was built from. */
    public WorkItemFacts item() {
        return item;
    }

    /** When the item was created; it exists at t when createdAt &lt; t. */
    public Instant createdAt() {
        return createdAt;
    }

    /** Number of segments (at least 1). */
    public int segmentCount() {
        return size;
    }

    /** Start of segment i. */
    public Instant segmentStart(int i) {
        return starts[i];
    }

    /** End of segment i, or null for the last (open) segment. */
    public Instant segmentEnd(int i) {
        return i + 1 < size ? starts[i + 1] : null;
    }

    /** Status of segment i as the tool spelled it (null when the earliest transition had no fromStatus). */
    public String segmentStatus(int i) {
        return statuses[i];
    }

    /** Category of segment i. */
    public StatusCategory segmentCategory(int i) {
        return categories[i];
    }

    /** Stage index of segment i, or {@link StatusIndex#NO_STAGE}. */
    public int segmentStage(int i) {
        return stages[i];
    }

    /** The segment in force at t (status after every transition with at &lt; t), or -1 if the item does not exist. */
    public int segmentAt(Instant t) {
        return Times.lastBefore(starts, size, t);
    }

    /** True if createdAt &lt; t. */
    public boolean existsAt(Instant t) {
        return createdAt.isBefore(t);
    }

    /** Status at t, or null if the item does not exist at t. */
    public String statusAt(Instant t) {
        int i = segmentAt(t);
        return i < 0 ? null : statuses[i];
    }

    /** Category at t, or null if the item does not exist at t. */
    public StatusCategory categoryAt(Instant t) {
        int i = segmentAt(t);
        return i < 0 ? null : categories[i];
    }

    /** Stage index at t, or {@link StatusIndex#NO_STAGE} (also when the item does not exist). */
    public int stageAt(Instant t) {
        int i = segmentAt(t);
        return i < 0 ? StatusIndex.NO_STAGE : stages[i];
    }

    /** Flow start as of asOf: the first instant before asOf at which the category is ACTIVE or WAITING, or null. */
    public Instant flowStart(Instant asOf) {
        for (int i = 0; i < size && starts[i].isBefore(asOf); i++) {
            if (categories[i].inFlow()) {
                return starts[i];
            }
        }
        return null;
    }

    /**
     * Flow end as of asOf: if the category at asOf is DONE, the instant the item last entered DONE from another
     * category (createdAt if it was created in DONE); otherwise null (unfinished).
     */
    public Instant flowEnd(Instant asOf) {
        int i = segmentAt(asOf);
        if (i < 0 || categories[i] != StatusCategory.DONE) {
            return null;
        }
        while (i > 0 && categories[i - 1] == StatusCategory.DONE) {
            i--;
        }
        return starts[i];
    }

    /** Seconds in ACTIVE statuses within [from, to). */
    public double activeSeconds(Instant from, Instant to) {
        double total = 0;
        for (int i = firstOverlapping(from); i < size && starts[i].isBefore(to); i++) {
            if (categories[i] == StatusCategory.ACTIVE) {
                total += overlap(i, from, to);
            }
        }
        return total;
    }

    /** Seconds in each stage's statuses within [from, to), indexed by stage, into {@code perStage}. */
    public void addStageSeconds(Instant from, Instant to, double[] perStage) {
        for (int i = firstOverlapping(from); i < size && starts[i].isBefore(to); i++) {
            if (stages[i] >= 0) {
                perStage[stages[i]] += overlap(i, from, to);
            }
        }
    }

    /**
     * When the item entered its current visit of the stage it is in at t: the start of the run of consecutive
     * segments in that stage that contains t; null if the item is in no stage at t.
     */
    public Instant currentVisitStart(Instant t) {
        int i = segmentAt(t);
        if (i < 0 || stages[i] < 0) {
            return null;
        }
        int stage = stages[i];
        while (i > 0 && stages[i - 1] == stage) {
            i--;
        }
        return starts[i];
    }

    private int firstOverlapping(Instant from) {
        int i = segmentAt(from);
        return Math.max(i, 0);
    }

    private double overlap(int i, Instant from, Instant to) {
        Instant s = Times.max(starts[i], from);
        Instant e = i + 1 < size ? Times.min(starts[i + 1], to) : to;
        return e.isAfter(s) ? Times.seconds(s, e) : 0;
    }
}
