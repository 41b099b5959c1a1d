package dev.flowlens.internalapi.metrics;

import org.eclipse.microprofile.graphql.Description;

/** DORA performance band. */
@Description("DORA performance band; thresholds per metric in METRICS.md.")
public enum DoraBand {
    @Description("Elite performer.")
    ELITE,
    @Description("High performer.")
    HIGH,
    @Description("Medium performer.")
    MEDIUM,
    @Description("Low performer.")
    LOW
}
