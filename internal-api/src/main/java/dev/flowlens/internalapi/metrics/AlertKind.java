package dev.flowlens.internalapi.metrics;

import org.eclipse.microprofile.graphql.Description;

/** What an alert is about. */
@Description("What an alert is about.")
public enum AlertKind {
    @Description("A stage held more items than its WIP limit.")
    WIP_LIMIT,
    @Description("An item stayed in flow longer than the stream's SLE days without finishing.")
    SLE_BREACH
}
