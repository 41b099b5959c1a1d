package dev.flowlens.metrics.calc.timeline;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * One value stream's timelines as a list over its items' histories: {@link #get} builds the item's {@link Timeline}
 * (three fields over the shared history) when asked, so that a cache of millions of items keeps no timeline object per
 * item and stream (24 bytes each, docs/sizing.md). The codes are those of the stream's {@link StatusCodes} when the list
 * was made: the histories listed then number their statuses below that table's size, and the table only grows.
 * Immutable when the histories' list is.
 */
public final class Timelines extends AbstractList<Timeline> implements RandomAccess {
    private final List<StatusHistory> histories;
    private final StatusIndex index;
    private final StatusTable table;
    private final Timeline.Codes codes;

    Timelines(List<StatusHistory> histories, StatusIndex index, StatusTable table, Timeline.Codes codes) {
        this.histories = histories;
        this.index = index;
        this.table = table;
        this.codes = codes;
    }

    @Override
    public Timeline get(int i) {
        StatusHistory h = histories.get(i);
        // a history of a table of its own (its shared table was full): rare, its codes are made for it
        return h.table() == table ? new Timeline(h, index, codes) : h.in(index);
    }

    @Override
    public int size() {
        return histories.size();
    }
}
