/**
 * The calculators, one per family of METRICS.md: flow, stages and cumulative flow, DORA, aging WIP, the Monte Carlo
 * forecast, and the work items' drill-down views and pages.
 */
package dev.flowlens.metrics.calc.metric;
