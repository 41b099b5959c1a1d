package dev.flowlens.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScaleBenchTest {

    @Test
    void putsTheSizesSideBySideWithTheRatioOfTheLastToTheFirst() {
        String table = ScaleBench.report(List.of(
                "100000\tready after a restart\t9120 ms, -Xmx1g",
                ScaleBench.line("100000", "delivery, 90 days", 10.0, 8.0),
                ScaleBench.line("100000", "flow, 90 days", 20.0, 15.0),
                "5000000\tready after a restart\t301000 ms, -Xmx7g",
                ScaleBench.line("5000000", "delivery, 90 days", 30.0, 20.5),
                ScaleBench.line("5000000", "flow, 90 days", 36.0, 30.0)));
        assertThat(table.lines().toList()).containsExactly(
                "figure                | 100,000 items          | 5,000,000 items        | ratio    | <= 2.0x",
                "-".repeat(21 + 2 * 25 + 22),
                "ready after a restart | 9120 ms, -Xmx1g        | 301000 ms, -Xmx7g      |          | ",
                "delivery, 90 days     | 10.0 ms (p50 8.0)      | 30.0 ms (p50 20.5)     | 3.00     | FAIL",
                "flow, 90 days         | 20.0 ms (p50 15.0)     | 36.0 ms (p50 30.0)     | 1.80     | PASS");
    }

    @Test
    void refusesALineThatIsNotAResult() {
        assertThatThrownBy(() -> ScaleBench.report(List.of("100000 delivery 10.0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("100000 delivery 10.0");
    }

    @Test
    void asksEveryQueryOfTheStreamItIsGiven() {
        List<MetricsBench.Query> queries = MetricsBench.queries("bench7", Instant.parse("2026-12-07T20:00:00Z"));
        assertThat(queries).extracting(MetricsBench.Query::figure).containsExactly(
                "flow + stageMetrics + dora, 90 days", "delivery, 90 days", "toProduction, 90 days",
                "cumulativeFlow, 180 days", "DORA lead time over all changes");
        assertThat(queries).allSatisfy(q -> assertThat(q.text()).startsWith("{ valueStream(id: \"bench7\") { "));
        assertThat(queries.get(0).text()).contains("{from: \"2026-09-08T20:00:00Z\", to: \"2026-12-07T20:00:00Z\"");
    }
}
