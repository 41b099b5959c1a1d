/**
 * One work item's history against one value stream: its compact status history, the stream's status lookups, and
 * the timeline of stages and categories that every metric reads (flow start, flow end, time per stage).
 */
package dev.flowlens.metrics.calc.timeline;
