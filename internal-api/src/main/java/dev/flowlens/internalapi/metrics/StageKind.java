package dev.flowlens.internalapi.metrics;

import org.eclipse.microprofile.graphql.Description;

/** Whether time in a stage counts as active work or as waiting. */
@Description("Whether time in a stage counts as active work (flow efficiency) or as waiting.")
public enum StageKind {
    @Description("Someone works on the item.")
    ACTIVE,
    @Description("The item waits (queue, review backlog, blocked).")
    WAITING
}
