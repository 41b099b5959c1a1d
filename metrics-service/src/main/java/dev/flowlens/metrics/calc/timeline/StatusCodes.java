package dev.flowlens.metrics.calc.timeline;

import java.util.List;

/**
 * One value stream's stage codes by status ordinal of one {@link StatusTable}, kept up to date as the table grows, so
 * that all of the stream's timelines share one small array instead of a code per segment each. Writer only (the
 * arrays it hands out are never modified).
 */
public final class StatusCodes {
    private final StatusIndex index;
    private final StatusTable table;
    private Timeline.Codes codes;

    public StatusCodes(StatusIndex index, StatusTable table) {
        this.index = index;
        this.table = table;
    }

    /**
     * The stream's timelines over {@code histories}, which must not change afterwards (histories of this stream's
     * {@link StatusIndex}, numbered in this table or in a table of their own).
     */
    public Timelines timelines(List<StatusHistory> histories) {
        return new Timelines(histories, index, table, of(table));
    }

    /** Codes for every ordinal of {@code t} so far. */
    Timeline.Codes of(StatusTable t) {
        if (t != table) {
            return new Timeline.Codes(t.codes(index, null), index.stageCategories());
        }
        if (codes == null || codes.byOrdinal.length != table.size()) {
            codes = new Timeline.Codes(table.codes(index, codes == null ? null : codes.byOrdinal),
                    index.stageCategories());
        }
        return codes;
    }
}
