package dev.flowlens.metrics.view;

import java.util.Map;

/**
 * Everything a request reads, as of one poll: the views of every value stream. Immutable, so a request never sees a
 * half-applied poll.
 *
 * @param streams the views by value stream id
 * @param items   number of live work items held
 * @param version increases with every published change
 */
public record ViewSnapshot(Map<String, StreamView> streams, int items, long version) {

    /** Before the first load. */
    public static final ViewSnapshot EMPTY = new ViewSnapshot(Map.of(), 0, 0);
}
