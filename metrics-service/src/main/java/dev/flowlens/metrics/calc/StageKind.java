package dev.flowlens.metrics.calc;

/** Whether time in a stage is work (ACTIVE) or a queue (WAITING). */
public enum StageKind { ACTIVE, WAITING }
