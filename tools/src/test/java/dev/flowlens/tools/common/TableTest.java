package dev.flowlens.tools.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void rendersTheColumnsPaddedUnderARule() {
        Table t = new Table();
        t.check("cumulativeFlow, 180 days, p95", "<= 200 ms", "41.5 ms (p50 30.2)", true);
        t.info("load 1,234 events until queryable", "12.0 s");
        assertThat(t.render(30, 10, 20, 70)).isEqualTo(""
                + "figure                         | target     | measured             | pass\n"
                + "-".repeat(70) + "\n"
                + "cumulativeFlow, 180 days, p95  | <= 200 ms  | 41.5 ms (p50 30.2)   | PASS\n"
                + "load 1,234 events until queryable | (info)     | 12.0 s               | -\n");
        assertThat(t.passed()).isTrue();
        t.check("events lost", "0", "1", false);
        assertThat(t.passed()).isFalse();
    }
}
