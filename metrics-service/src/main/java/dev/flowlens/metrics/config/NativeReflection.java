package dev.flowlens.metrics.config;

import dev.flowlens.metrics.calc.AgingItem;
import dev.flowlens.metrics.calc.CfdDay;
import dev.flowlens.metrics.calc.DoraMetric;
import dev.flowlens.metrics.calc.DoraMetrics;
import dev.flowlens.metrics.calc.DurationStats;
import dev.flowlens.metrics.calc.FlowMetrics;
import dev.flowlens.metrics.calc.Forecast;
import dev.flowlens.metrics.calc.ForecastInput;
import dev.flowlens.metrics.calc.ForecastPoint;
import dev.flowlens.metrics.calc.Scope;
import dev.flowlens.metrics.calc.SeriesPoint;
import dev.flowlens.metrics.calc.Stage;
import dev.flowlens.metrics.calc.StageCount;
import dev.flowlens.metrics.calc.StageMetrics;
import dev.flowlens.metrics.calc.TypeCount;
import dev.flowlens.metrics.calc.TypeShare;
import dev.flowlens.metrics.calc.ValueStream;
import dev.flowlens.metrics.calc.Window;
import dev.flowlens.metrics.calc.WorkItemView;
import dev.flowlens.metrics.stream.WorkItemPages;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Records Jackson reads or writes by reflection that Quarkus cannot discover on its own in a native
 * image: the internal API answers maps keyed by stream id ({@code Map<String, FlowMetrics>}), so the
 * value types are not visible in the resource signatures, and value streams are read from JSON stored
 * in the database.
 */
@RegisterForReflection(targets = {ValueStream.class, Scope.class, Stage.class, Window.class, ForecastInput.class,
        FlowMetrics.class, DurationStats.class, TypeCount.class, TypeShare.class, SeriesPoint.class,
        StageMetrics.class, CfdDay.class, StageCount.class, AgingItem.class, DoraMetrics.class, DoraMetric.class,
        Forecast.class, ForecastPoint.class, WorkItemView.class, WorkItemPages.Page.class})
public final class NativeReflection {

    private NativeReflection() {
    }
}
