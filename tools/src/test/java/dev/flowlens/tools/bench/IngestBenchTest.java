package dev.flowlens.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.flowlens.tools.common.Events;
import dev.flowlens.tools.common.Json;
import dev.flowlens.tools.common.Options;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IngestBenchTest {

    static IngestBench bench() {
        return new IngestBench(Options.parse(new String[0], IngestBench.defaults(), Set.of()));
    }

    /** The streamed batch holds the events the shared builder makes: an upsert, then ten transitions, per item. */
    @Test
    void aBatchIsEachItemsUpsertAndTenTransitions() {
        IngestBench bench = bench();
        long firstItem = 40;
        JsonNode body = Json.tree(new String(bench.body(firstItem, 5, 30), StandardCharsets.UTF_8));
        ArrayNode expected = Json.MAPPER.createArrayNode();
        for (long k = 5; k < 30; k++) {
            long item = firstItem + k / IngestBench.PER_ITEM;
            int n = (int) (k % IngestBench.PER_ITEM);
            String itemId = "ib:" + bench.run + ":" + item;
            Instant created = bench.base.plusSeconds((item * 7919) % (180 * 86400));
            if (n == 0) {
                expected.add(Events.event(itemId + ":up", "bench", "workitem.upserted", created, null, Json.object()
                        .put("itemId", itemId).put("key", "IB-" + item).put("title", "Bench item " + item)
                        .put("itemType", item % 5 == 0 ? "defect" : "feature").put("project", "IB")
                        .put("status", "Done").put("createdAt", Events.iso(created))));
            } else {
                Instant at = created.plusSeconds(3600L * n * (1 + item % 13));
                String from = n == 6 ? "Done" : IngestBench.WORKFLOW[(n - 1) % 5];
                expected.add(Events.event(itemId + ":mv:" + n, "bench", "workitem.transitioned", at, null,
                        Events.transition(itemId, from, IngestBench.WORKFLOW[(n - 1) % 5 + 1], at)));
            }
        }
        assertThat(body).isEqualTo(expected);
        assertThat(body.get(1).path("data").path("fromStatus").asText()).isEqualTo("Done"); // k = 6: the second round
    }
}
