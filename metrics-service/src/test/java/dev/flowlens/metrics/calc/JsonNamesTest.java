package dev.flowlens.metrics.calc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowlens.internalapi.metrics.Granularity;
import dev.flowlens.internalapi.metrics.StageKind;
import dev.flowlens.internalapi.metrics.StageMetrics;
import dev.flowlens.metrics.calc.index.Durations;
import dev.flowlens.metrics.calc.metric.DoraCalculator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** internal-api.md: JSON field names are exactly schema.graphql's, nulls where the schema allows null. */
class JsonNamesTest {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    @DisplayName("Jackson writes StageMetrics.isBottleneck as 'isBottleneck' (not 'bottleneck') and null WIP age as null")
    void stageMetricsJson() {
        JsonNode n = mapper.valueToTree(new StageMetrics("Build", StageKind.ACTIVE, 0, 0, 0, Durations.EMPTY, 0,
                null, true));
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("stage", "kind", "itemsVisited", "totalSeconds", "share", "time", "wip",
                "averageWipAgeSeconds", "isBottleneck");
        assertThat(n.get("isBottleneck").asBoolean()).isTrue();
        assertThat(n.get("averageWipAgeSeconds").isNull()).isTrue();
        assertThat(n.get("time").get("mean").isNull()).isTrue();
        assertThat(n.get("kind").asText()).isEqualTo("ACTIVE");
    }

    @Test
    @DisplayName("Jackson writes DoraMetrics with schema names and null CFR value/band when there are no deployments")
    void doraJson() {
        JsonNode n = mapper.valueToTree(DoraCalculator.dora(Fixtures.stream(), List.of(), List.of(), List.of(),
                Fixtures.window("03-01", "03-31", Granularity.WEEK), Fixtures.at("04-01")));
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("deployments", "deploymentFrequency", "leadTimeForChanges", "leadTimeBand",
                "changeFailureRate", "timeToRestore", "timeToRestoreBand",
                // contract v2 (schema-v2.graphql, extend type DoraMetrics)
                "failedDeploymentRecoveryTime", "failedDeploymentRecoveryBand", "unrecoveredDeployments", "reworkRate");
        assertThat(n.get("reworkRate").isNull()).isTrue();
        assertThat(n.get("failedDeploymentRecoveryTime").get("count").asInt()).isZero();
        assertThat(n.get("changeFailureRate").get("value").isNull()).isTrue();
        assertThat(n.get("deploymentFrequency").get("band").asText()).isEqualTo("LOW");
    }
}
