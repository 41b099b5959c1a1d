/**
 * The facts the maths reads, as the fact store and the cache hand them over: a work item's upsert and transitions,
 * changes, deployments, incidents.
 */
package dev.flowlens.metrics.calc.fact;
