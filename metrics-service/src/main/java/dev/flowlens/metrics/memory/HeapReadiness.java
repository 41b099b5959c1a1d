package dev.flowlens.metrics.memory;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The heap after the last garbage collection, on readiness: {@code heapAfterGcRatio} always (SmallRye Health data
 * holds strings, longs and booleans: the ratios are decimal strings), {@code warning} while the
 * heap is above {@code flowlens.heap.warn-ratio}. Always UP: a pod out of its Service frees no heap, and every replica
 * holds the same items, so all would leave together (docs/decisions.md, "The heap warning leaves readiness UP").
 */
@Readiness
@ApplicationScoped
public class HeapReadiness implements HealthCheck {

    private final HeapWatch watch;

    public HeapReadiness(HeapWatch watch) {
        this.watch = watch;
    }

    @Override
    public HealthCheckResponse call() {
        HeapLevel.Reading reading = watch.reading();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("heap").up()
                .withData("heapAfterGcRatio", String.format(Locale.ROOT, "%.3f", reading.ratio()))
                .withData("heapUsedAfterGcBytes", reading.usedAfterGc())
                .withData("heapMaxBytes", reading.max())
                .withData("warnRatio", String.valueOf(watch.warnRatio()));
        if (reading.above()) {
            b.withData("warning", String.format(Locale.ROOT,
                    "heap after garbage collection %d MB of %d MB (%.0f%%), at or above flowlens.heap.warn-ratio %s "
                            + "with %d items cached: give the service more memory (docs/sizing.md)",
                    reading.usedAfterGc() / (1024 * 1024), reading.max() / (1024 * 1024), 100 * reading.ratio(),
                    watch.warnRatio(), watch.cacheItems()));
        }
        return b.build();
    }
}
