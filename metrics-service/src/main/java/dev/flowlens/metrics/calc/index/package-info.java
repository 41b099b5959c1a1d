/**
 * Prepared indexes that answer a window without visiting every item: bit-packed per-day events of a stream's
 * timelines ({@code WindowIndex}), the DORA facts of a stream ({@code DoraIndex}), and the primitive collections and
 * duration statistics they are built from.
 */
package dev.flowlens.metrics.calc.index;
