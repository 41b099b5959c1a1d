package dev.flowlens.metrics.config;

import dev.flowlens.internalapi.metrics.AgingItem;
import dev.flowlens.internalapi.metrics.CfdDay;
import dev.flowlens.internalapi.metrics.DoraMetric;
import dev.flowlens.internalapi.metrics.DoraMetrics;
import dev.flowlens.internalapi.metrics.DurationStats;
import dev.flowlens.internalapi.metrics.FlowMetrics;
import dev.flowlens.internalapi.metrics.Forecast;
import dev.flowlens.internalapi.metrics.ForecastInput;
import dev.flowlens.internalapi.metrics.ForecastPoint;
import dev.flowlens.internalapi.metrics.Scope;
import dev.flowlens.internalapi.metrics.SeriesPoint;
import dev.flowlens.internalapi.metrics.Stage;
import dev.flowlens.internalapi.metrics.StageCount;
import dev.flowlens.internalapi.metrics.StageMetrics;
import dev.flowlens.internalapi.metrics.TypeCount;
import dev.flowlens.internalapi.metrics.TypeShare;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.internalapi.metrics.WindowInput;
import dev.flowlens.internalapi.metrics.WorkItem;
import dev.flowlens.internalapi.metrics.WorkItemPage;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Records Jackson reads or writes by reflection that Quarkus cannot discover on its own in a native
 * image: the internal API answers maps keyed by stream id ({@code Map<String, FlowMetrics>}), so the
 * value types are not visible in the resource signatures, and value streams are read from JSON stored
 * in the database.
 */
@RegisterForReflection(targets = {ValueStream.class, Scope.class, Stage.class, WindowInput.class, ForecastInput.class,
        FlowMetrics.class, DurationStats.class, TypeCount.class, TypeShare.class, SeriesPoint.class,
        StageMetrics.class, CfdDay.class, StageCount.class, AgingItem.class, DoraMetrics.class, DoraMetric.class,
        Forecast.class, ForecastPoint.class, WorkItem.class, WorkItemPage.class})
public final class NativeReflection {

    private NativeReflection() {
    }
}
