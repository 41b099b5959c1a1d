package dev.flowlens.metrics.calc;

import java.util.List;

/** A stage of a value stream: the statuses that belong to it and whether it is work or a queue. */
public record Stage(String name, List<String> statuses, StageKind kind) {
}
