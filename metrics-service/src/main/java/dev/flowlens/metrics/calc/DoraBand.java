package dev.flowlens.metrics.calc;

/** DORA performance band. */
public enum DoraBand { ELITE, HIGH, MEDIUM, LOW }
