package dev.flowlens.metrics.calc;

/** Bucket size of a series: a UTC day, an ISO week starting Monday 00:00 UTC, a UTC calendar month. */
public enum Granularity { DAY, WEEK, MONTH }
