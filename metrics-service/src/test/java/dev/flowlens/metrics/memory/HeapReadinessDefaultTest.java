package dev.flowlens.metrics.memory;

import static io.restassured.RestAssured.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With the default ratio (0.85) a test's small heap is far below it: the reading is shown, no warning. */
@QuarkusTest
class HeapReadinessDefaultTest {

    @Test
    @SuppressWarnings("unchecked")
    void readinessShowsTheReadingWithoutAWarning() {
        System.gc();
        Map<String, Object> check = get("/q/health/ready").then().extract().jsonPath()
                .getMap("checks.find { it.name == 'heap' }");
        assertThat(check).containsEntry("status", "UP");
        Map<String, Object> data = (Map<String, Object>) check.get("data");
        assertThat(Double.parseDouble((String) data.get("warnRatio"))).isEqualTo(0.85);
        assertThat(data).containsKey("heapAfterGcRatio").doesNotContainKey("warning");
    }
}
