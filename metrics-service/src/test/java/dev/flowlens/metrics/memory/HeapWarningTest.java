package dev.flowlens.metrics.memory;

import static io.restassured.RestAssured.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The heap warning's path, with a warning ratio so low that any collection crosses it: readiness shows the reading and
 * the warning and stays UP, {@code /q/metrics} has the ratio gauge and the JVM binder's heap use, and the crossing is
 * counted once however many collections stay above.
 */
@QuarkusTest
@TestProfile(HeapWarningTest.LowWarnRatio.class)
class HeapWarningTest {

    public static class LowWarnRatio implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("flowlens.heap.warn-ratio", "0.001");
        }
    }

    /** The check named "heap" of /q/health/ready (the others need not be UP for this one to be read). */
    private static Map<String, Object> heapCheck() {
        JsonPath body = get("/q/health/ready").then().extract().jsonPath();
        return body.getMap("checks.find { it.name == 'heap' }");
    }

    @Test
    @SuppressWarnings("unchecked")
    void readinessShowsTheHeapAfterGcAndTheWarningAndStaysUp() {
        System.gc(); // the service runs in this JVM: a collection for the watch to report
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Object> check = heapCheck();
            assertThat(check).containsEntry("status", "UP");
            Map<String, Object> data = (Map<String, Object>) check.get("data");
            assertThat(Double.parseDouble((String) data.get("heapAfterGcRatio"))).isGreaterThan(0.001);
            assertThat(((Number) data.get("heapUsedAfterGcBytes")).longValue()).isPositive();
            assertThat(((Number) data.get("heapMaxBytes")).longValue()).isEqualTo(Runtime.getRuntime().maxMemory());
            assertThat(Double.parseDouble((String) data.get("warnRatio"))).isEqualTo(0.001);
            assertThat((String) data.get("warning")).contains("at or above flowlens.heap.warn-ratio 0.001 ").contains("items cached");
        });
    }

    @Test
    void metricsShowTheRatioTheJvmHeapUseAndOneWarningForOneCrossing() {
        System.gc();
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/q/metrics").asString()
                .contains("flowlens_heap_warnings_total 1.0"));
        System.gc();
        System.gc();
        String afterMore = get("/q/metrics").asString();
        assertThat(afterMore).contains("jvm_memory_used_bytes{area=\"heap\"").contains("jvm_memory_max_bytes{area=\"heap\"")
                .containsPattern("(?m)^flowlens_heap_after_gc_ratio 0\\.[0-9]*[1-9]")
                .contains("flowlens_heap_warn_ratio 0.001")
                // still above after more collections: the same crossing, not a second warning
                .contains("flowlens_heap_warnings_total 1.0");
    }
}
