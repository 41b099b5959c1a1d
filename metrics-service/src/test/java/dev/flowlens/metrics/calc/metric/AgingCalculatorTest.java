package dev.flowlens.metrics.calc.metric;

import static dev.flowlens.metrics.calc.Fixtures.DAY;
import static dev.flowlens.metrics.calc.Fixtures.at;
import static dev.flowlens.metrics.calc.Fixtures.item;
import static dev.flowlens.metrics.calc.Fixtures.stream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.events.ItemType;
import dev.flowlens.internalapi.metrics.AgingItem;
import dev.flowlens.metrics.calc.Fixtures;
import dev.flowlens.metrics.calc.fact.Transition;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AgingCalculatorTest {
    static final Instant AS_OF = at("03-16");

    /** A finished item with the given flow time in days, ending {@code endDaysBefore} days before asOf. */
    static WorkItemFacts finished(String id, int flowDays, int endDaysBefore) {
        Instant end = AS_OF.minusSeconds((long) (endDaysBefore * DAY));
        Instant start = end.minusSeconds((long) (flowDays * DAY));
        return Fixtures.withTransitions(item(id, ItemType.FEATURE, start.minusSeconds(3600).toString(), "To Do"),
                List.of(new Transition(id + "-1", "To Do", "In Progress", start),
                        new Transition(id + "-2", "In Progress", "Done", end)));
    }

    static final WorkItemFacts A = item("wa", ItemType.DEFECT, "03-01", "To Do", "03-06", "Ready", "03-08",
            "In Progress"); // flow start 03-06: age 10d, stage Build
    static final WorkItemFacts B = item("wb", ItemType.FEATURE, "03-01", "To Do", "03-11", "In Review"); // 5d

    @Test
    @DisplayName("Aging WIP with < 5 history items: no threshold, nobody at risk; oldest first, age from flow start")
    void fewHistory() {
        List<WorkItemFacts> items = new ArrayList<>(List.of(B, A));
        for (int i = 1; i <= 4; i++) {
            items.add(finished("h" + i, i, 1));
        }
        List<AgingItem> aging = AgingCalculator.agingWip(stream(), items, AS_OF);
        // titles are the API's to add (ListedTitles): the calculators never see them
        assertThat(aging).containsExactly(
                new AgingItem("wa", "WA", null, ItemType.DEFECT, "Build", 10 * DAY, false, false),
                new AgingItem("wb", "WB", null, ItemType.FEATURE, "Review", 5 * DAY, false, false));
    }

    @Test
    @DisplayName("Aging WIP with >= 5 history items: p85 of [1..5]d = x_ceil(4.25) = 5d; 10d at risk, 5d not (strict >);"
            + " an item finished 91 days ago (flow 50d) is outside the 90-day history")
    void enoughHistory() {
        List<WorkItemFacts> items = new ArrayList<>(List.of(A, B, finished("old", 50, 91)));
        for (int i = 1; i <= 5; i++) {
            items.add(finished("h" + i, i, 2));
        }
        List<AgingItem> aging = AgingCalculator.agingWip(stream(), items, AS_OF);
        assertThat(aging).extracting(AgingItem::itemId).containsExactly("wa", "wb");
        assertThat(aging).extracting(AgingItem::atRisk).containsExactly(true, false);
        // Had the old item counted, p85 of [1,2,3,4,5,50] would be 50d and "wa" would not be at risk.
    }

    @Test
    @DisplayName("Aging WIP: items in no stage / not started / done are not WIP; empty stream gives an empty list")
    void onlyInFlow() {
        WorkItemFacts todo = item("t", ItemType.FEATURE, "03-01", "To Do");
        WorkItemFacts blocked = item("b", ItemType.FEATURE, "03-01", "To Do", "03-02", "In Progress", "03-03",
                "Blocked");
        assertThat(AgingCalculator.agingWip(stream(), List.of(todo, blocked), AS_OF)).isEmpty();
        assertThat(AgingCalculator.agingWip(stream(), List.of(), AS_OF)).isEmpty();
    }
}
