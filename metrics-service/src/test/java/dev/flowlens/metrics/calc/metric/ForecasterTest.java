package dev.flowlens.metrics.calc.metric;

import static dev.flowlens.metrics.calc.Fixtures.at;
import static dev.flowlens.metrics.calc.Fixtures.item;
import static dev.flowlens.metrics.calc.Fixtures.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowlens.events.ItemType;
import dev.flowlens.internalapi.metrics.Forecast;
import dev.flowlens.internalapi.metrics.ForecastInput;
import dev.flowlens.internalapi.metrics.ForecastPoint;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import dev.flowlens.metrics.calc.timeline.StatusIndex;
import dev.flowlens.metrics.calc.timeline.Timeline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ForecasterTest {
    static final Instant NOW = at("03-10T12:00");

    /** n items finishing on the given day (at noon), started the day before. */
    static List<WorkItemFacts> doneOn(String day, int n) {
        List<WorkItemFacts> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = day + "-" + i;
            items.add(item(id, ItemType.FEATURE, "02-01", "To Do", "02-02", "In Progress", day + "T12:00", "Done"));
        }
        return items;
    }

    @Test
    @DisplayName("Samples = velocity of each whole UTC day before asOf: [03-07:2, 03-08:0, 03-09:1]; today not counted")
    void samples() {
        List<WorkItemFacts> items = new ArrayList<>(doneOn("03-07", 2));
        items.addAll(doneOn("03-09", 1));
        items.addAll(doneOn("03-10", 5)); // today (03-10, before asOf 12:00) is not a whole day
        items.addAll(doneOn("03-06", 4)); // outside 3 days of history
        // Done 03-08T12 and reopened 03-08T18: not done at the day's end, so not in 03-08's velocity.
        items.add(item("re", ItemType.FEATURE, "02-01", "To Do", "02-02", "In Progress", "03-08T12:00", "Done",
                "03-08T18:00", "In Progress"));
        assertThat(Forecaster.dailyThroughput(stream(), items, NOW, 3)).containsExactly(2, 0, 1);
    }

    @Test
    @DisplayName("When will 5 items be done: every day gives 2 -> always 3 days (2+2+2 >= 5); dates asOf + 3 days")
    void whenConstantThroughput() {
        List<WorkItemFacts> items = new ArrayList<>(doneOn("03-08", 2));
        items.addAll(doneOn("03-09", 2));
        Forecast f = Forecaster.forecast(stream(), items, new ForecastInput(5, null, 2, 500, 1), NOW);
        assertThat(f.reason()).isNull();
        assertThat(f.points()).containsExactly(new ForecastPoint(50, 3, NOW.plus(Duration.ofDays(3)), 5),
                new ForecastPoint(85, 3, NOW.plus(Duration.ofDays(3)), 5),
                new ForecastPoint(95, 3, NOW.plus(Duration.ofDays(3)), 5));
    }

    @Test
    @DisplayName("How many by a date 4.5 days away: 4 whole days x 2 per day = 8 items at every confidence")
    void howManyConstantThroughput() {
        List<WorkItemFacts> items = new ArrayList<>(doneOn("03-08", 2));
        items.addAll(doneOn("03-09", 2));
        Instant target = NOW.plus(Duration.ofHours(4 * 24 + 12));
        Forecast f = Forecaster.forecast(stream(), items, new ForecastInput(null, target, 2, 100, 3), NOW);
        assertThat(f.points()).containsExactly(new ForecastPoint(50, 4, target, 8),
                new ForecastPoint(85, 4, target, 8), new ForecastPoint(95, 4, target, 8));
    }

    @Test
    @DisplayName("Seeded forecast is repeatable; higher confidence never promises more (days up, items down)")
    void seededRepeatable() {
        List<WorkItemFacts> items = new ArrayList<>(doneOn("03-01", 3));
        items.addAll(doneOn("03-04", 1));
        items.addAll(doneOn("03-09", 2));
        ForecastInput when = new ForecastInput(20, null, 10, null, 42);
        Forecast a = Forecaster.forecast(stream(), items, when, NOW);
        assertThat(Forecaster.forecast(stream(), items, when, NOW)).isEqualTo(a);
        assertThat(a.points()).extracting(ForecastPoint::days).isSorted();
        assertThat(a.points().get(0).days()).isGreaterThanOrEqualTo(4); // at most 3 a day: 20 items need >= 7 days
        ForecastInput howMany = new ForecastInput(null, NOW.plus(Duration.ofDays(30)), 10, 2000, 7);
        Forecast b = Forecaster.forecast(stream(), items, howMany, NOW);
        assertThat(Forecaster.forecast(stream(), items, howMany, NOW)).isEqualTo(b);
        List<Integer> counts = b.points().stream().map(ForecastPoint::items).toList();
        assertThat(counts.get(0)).isGreaterThanOrEqualTo(counts.get(1));
        assertThat(counts.get(1)).isGreaterThanOrEqualTo(counts.get(2));
    }

    @Test
    @DisplayName("All samples zero: items done 01-01 are outside the 30 days before 03-10 -> no points, a reason")
    void allZero() {
        Forecast f = Forecaster.forecast(stream(), doneOn("01-01", 3), new ForecastInput(5, null, 30, null, 1),
                NOW);
        assertThat(f.points()).isEmpty();
        assertThat(f.reason()).contains("no item was finished in the 30 whole UTC days");
        // The same items with the default 90 days of history do give a forecast.
        assertThat(Forecaster.forecast(stream(), doneOn("01-01", 3), new ForecastInput(5, null, null, null, 1), NOW)
                .points()).hasSize(3);
    }

    @Test
    @DisplayName("Forecast input validation names the field")
    void validation() {
        assertThatThrownBy(() -> Forecaster.forecast(stream(), List.of(), new ForecastInput(0, null, null, null,
                null), NOW)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("forecast.itemCount must be > 0");
        assertThatThrownBy(() -> Forecaster.forecast(stream(), List.of(), new ForecastInput(null, null, null, null,
                null), NOW)).hasMessageContaining("exactly one of itemCount and targetDate");
        assertThatThrownBy(() -> Forecaster.forecast(stream(), List.of(), new ForecastInput(3, NOW.plusSeconds(99),
                null, null, null), NOW)).hasMessageContaining("exactly one of itemCount and targetDate");
        assertThatThrownBy(() -> Forecaster.forecast(stream(), List.of(), new ForecastInput(null, NOW, null, null,
                null), NOW)).hasMessageStartingWith("forecast.targetDate must be after");
        assertThatThrownBy(() -> Forecaster.forecast(stream(), List.of(), new ForecastInput(3, null, 0, null,
                null), NOW)).hasMessageStartingWith("forecast.historyDays must be > 0");
        assertThatThrownBy(() -> Forecaster.forecast(stream(), List.of(), new ForecastInput(3, null, null, -1,
                null), NOW)).hasMessageStartingWith("forecast.runs must be > 0");
    }

    static List<Timeline> timelines(List<WorkItemFacts> items) {
        return FlowCalculator.timelines(StatusIndex.of(stream()), items);
    }

    @Test
    @DisplayName("A shorter horizon: 100 items at 1 a day need ~100 days: a 30-day horizon gives a reason; a targetDate "
            + "beyond it is refused naming the field")
    void horizon() {
        List<Timeline> oneADay = timelines(doneOn("03-09", 1));
        Forecast far = Forecaster.forecast(oneADay, new ForecastInput(100, null, 1, 100, 1), NOW, 30, () -> false);
        assertThat(far.points()).isEmpty();
        assertThat(far.reason()).isEqualTo("forecast.itemCount: 100 items would take more than 30 days at the recent "
                + "throughput");
        assertThat(Forecaster.forecast(oneADay, new ForecastInput(100, null, 1, 100, 1), NOW, 365, () -> false)
                .points()).extracting(ForecastPoint::days).containsOnly(100);
        assertThatThrownBy(() -> Forecaster.forecast(oneADay, new ForecastInput(null, NOW.plus(Duration.ofDays(31)),
                1, 100, 1), NOW, 30, () -> false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("forecast.targetDate must be within 30 days of now");
        assertThatThrownBy(() -> Forecaster.forecast(oneADay, new ForecastInput(1, null, 1, 100, 1), NOW, 3_651,
                () -> false)).hasMessage("horizonDays must be between 1 and 3650 (was 3651)");
    }

    @Test
    @DisplayName("Asked to stop, the trials stop at the next check (every 256 trials), not after all 100,000")
    void stopsWhenAsked() {
        List<Timeline> oneADay = timelines(doneOn("03-09", 1));
        int[] asked = new int[1];
        // the first look says go on, the second says stop: trial 256 of 100,000
        java.util.function.BooleanSupplier stopSecondTime = () -> ++asked[0] >= 2;
        for (ForecastInput input : List.of(new ForecastInput(1_000_000, null, 1, 100_000, 1),
                new ForecastInput(null, NOW.plus(Duration.ofDays(3_000)), 1, 100_000, 1))) {
            asked[0] = 0;
            assertThatThrownBy(() -> Forecaster.forecast(oneADay, input, NOW, 3_650, stopSecondTime))
                    .isInstanceOf(java.util.concurrent.CancellationException.class)
                    .hasMessage("forecast stopped after 256 trials");
            assertThat(asked[0]).isEqualTo(2);
        }
    }
}
