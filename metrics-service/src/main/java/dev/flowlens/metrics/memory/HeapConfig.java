package dev.flowlens.metrics.memory;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** When metrics-service warns that its heap is filling up (docs/sizing.md). */
@ConfigMapping(prefix = "flowlens.heap")
public interface HeapConfig {

    /**
     * The share of the tenured heap (G1's old generation: the whole heap) still in use after a garbage collection
     * above which the service warns, once per crossing, in its log and on readiness ({@code FLOWLENS_HEAP_WARN_RATIO};
     * more than 0, at most 1). 0.85: the cache's live set at 70% of the heap is what the sizing plans for.
     */
    @WithDefault("0.85")
    double warnRatio();
}
