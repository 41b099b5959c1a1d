package dev.flowlens.metrics.view;

import dev.flowlens.metrics.calc.fact.WorkItemFacts;

/**
 * Work items of a fact cache load (the first, or a new stream's) as its reader decoded them from {@link
 * FactCache#LOAD_ITEMS}'s rows: item k (without transitions) and its transitions in entries {@code offsets[k]} to
 * {@code offsets[k + 1]} of three flat arrays, times in epoch microseconds, in order of application, as {@code
 * StatusHistory.ofOrdered} takes them; or, when two of its transitions share an instant, {@code tied[k]}: their order
 * is decided by event ids, which the load does not read, so the item is read again with them (and built from
 * Transitions, as every other path does).
 */
final class LoadChunk {
    static final int ITEMS = 1_000;
    final WorkItemFacts[] items = new WorkItemFacts[ITEMS];
    final boolean[] tied = new boolean[ITEMS];
    final int[] offsets = new int[ITEMS + 1];
    long[] ats = new long[ITEMS * 12];
    String[] froms = new String[ITEMS * 12];
    String[] tos = new String[ITEMS * 12];
    int size;
    /** Set on the chunk that ends the load when the reader failed. */
    Throwable failure;
    private final int[] next = new int[1];

    boolean full() {
        return size == ITEMS;
    }

    /**
     * Adds an item and its transitions as the row's columns hold them in text form (all three null for an item without
     * transitions): their times as {@code timestamptz_send} values in one bytea, their statuses as two text arrays,
     * in the same order, which need not be that of time. Puts them in order of time; returns {@link #tied} of it.
     *
     * @throws IllegalArgumentException if a column is not understood or the three differ in length
     */
    boolean add(WorkItemFacts item, String atsHex, String fromsText, String tosText, PgArrays.Spellings spellings) {
        int k = size;
        int from = offsets[k];
        int n = 0;
        if (atsHex != null) {
            ats = PgArrays.timestamps(atsHex, ats, from, next);
            n = next[0] - from;
            froms = PgArrays.texts(fromsText, froms, from, next, spellings);
            int fromCount = next[0] - from;
            tos = PgArrays.texts(tosText, tos, from, next, spellings);
            if (fromCount != n || next[0] - from != n) {
                throw new IllegalArgumentException("item " + item.itemId() + ": " + n + " transition times but "
                        + fromCount + " from and " + (next[0] - from) + " to statuses");
            }
        }
        boolean tie = sortByTime(from, from + n);
        items[k] = item;
        tied[k] = tie;
        offsets[k + 1] = from + n;
        size++;
        return tie;
    }

    /**
     * Sorts entries [from, to) by time (insertion sort: an item has a few transitions, mostly read in order already);
     * true if two share a time.
     */
    private boolean sortByTime(int from, int to) {
        boolean tie = false;
        for (int i = from + 1; i < to; i++) {
            long at = ats[i];
            if (at > ats[i - 1]) {
                continue;
            }
            String f = froms[i];
            String t = tos[i];
            int j = i - 1;
            while (j >= from && ats[j] > at) {
                ats[j + 1] = ats[j];
                froms[j + 1] = froms[j];
                tos[j + 1] = tos[j];
                j--;
            }
            tie |= j >= from && ats[j] == at;
            ats[j + 1] = at;
            froms[j + 1] = f;
            tos[j + 1] = t;
        }
        return tie;
    }
}
