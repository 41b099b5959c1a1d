package dev.flowlens.metrics.calc.timeline;

/** Category of a status within a value stream (METRICS.md "Status category"). */
public enum StatusCategory {
    /** In no stage and not done: not started yet (or put back to the backlog). */
    NEW,
    /** In a stage of kind ACTIVE. */
    ACTIVE,
    /** In a stage of kind WAITING. */
    WAITING,
    /** In one of the stream's done statuses. */
    DONE;

    /** True for ACTIVE and WAITING, the categories that count as flow load. */
    public boolean inFlow() {
        return this == ACTIVE || this == WAITING;
    }
}
