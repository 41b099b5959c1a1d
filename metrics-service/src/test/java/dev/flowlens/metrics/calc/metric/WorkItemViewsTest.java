package dev.flowlens.metrics.calc.metric;

import static dev.flowlens.metrics.calc.Fixtures.at;
import static dev.flowlens.metrics.calc.Fixtures.item;
import static dev.flowlens.metrics.calc.Fixtures.stream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.events.ItemType;
import dev.flowlens.internalapi.metrics.WorkItem;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WorkItemViewsTest {
    @Test
    @DisplayName("Drill-down: stage of the state at now, flow start, flow end as of now (null = unfinished)")
    void views() {
        WorkItemFacts open = item("o", ItemType.DEFECT, "03-01", "To Do", "03-02", "Ready", "03-04", "In Review");
        WorkItem v = WorkItemViews.of(stream(), open, at("03-10"));
        // the title is the API's to add (ListedTitles): the calculators never see it
        assertThat(v).isEqualTo(new WorkItem("o", "O", null, ItemType.DEFECT, "In Review", "Review",
                at("03-01"), at("03-02"), null, "https://jira.example/browse/o"));
        WorkItemFacts done = item("d", ItemType.FEATURE, "03-01", "To Do", "03-02", "In Progress", "03-05", "Done");
        WorkItem dv = WorkItemViews.of(stream(), done, at("03-10"));
        assertThat(dv.stage()).isNull();
        assertThat(dv.flowStart()).isEqualTo(at("03-02"));
        assertThat(dv.flowEnd()).isEqualTo(at("03-05"));
        // As of 03-04 the same item is still in Build and unfinished.
        WorkItem earlier = WorkItemViews.of(stream(), done, at("03-04"));
        assertThat(earlier.stage()).isEqualTo("Build");
        assertThat(earlier.flowEnd()).isNull();
    }
}
