package dev.flowlens.gateway.graphql;

import org.eclipse.microprofile.graphql.Description;

/** Flow item type of the Flow Framework. */
@Description("Flow item type (Flow Framework).")
public enum ItemType {
    @Description("New business value.")
    FEATURE,
    @Description("A fix for a quality problem.")
    DEFECT,
    @Description("Security, compliance or governance work.")
    RISK,
    @Description("Work on technical debt.")
    DEBT
}
