package dev.flowlens.metrics.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import dev.flowlens.metrics.calc.timeline.StatusHistory;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ItemMapTest {

    private static StatusHistory history(String id, int version) {
        return StatusHistory.of(new WorkItemFacts(id, "K-" + version, null, null, "P", null, "To Do",
                Instant.parse("2026-01-01T00:00:00Z"), null, List.of()));
    }

    @Test
    @DisplayName("Random puts, replacements and removals (colliding ids included) agree with a HashMap, with or without"
            + " capacity hints (below, at and above the items held)")
    void agreesWithHashMap() {
        agreesWithHashMap(false);
        agreesWithHashMap(true);
    }

    private static void agreesWithHashMap(boolean hinted) {
        ItemMap map = new ItemMap();
        Map<String, StatusHistory> reference = new HashMap<>();
        Random r = new Random(3);
        if (hinted) {
            map.ensureCapacity(300);
        }
        // "Aa" and "BB" have the same hashCode: ids built from them collide in every table size.
        String[] parts = {"Aa", "BB"};
        for (int step = 0; step < 200_000; step++) {
            StringBuilder id = new StringBuilder();
            for (int k = 0; k < 6; k++) {
                id.append(parts[r.nextInt(2)]);
            }
            id.append(r.nextInt(300));
            String key = id.toString();
            if (r.nextInt(3) == 0) {
                StatusHistory gone = map.remove(key);
                assertThat(gone).isSameAs(reference.remove(key));
            } else {
                StatusHistory h = history(key, step);
                assertThat(map.put(h, key)).isSameAs(reference.put(key, h));
            }
            if (hinted && step % 50_000 == 1) {
                map.ensureCapacity(r.nextInt(2 * reference.size() + 1));
            }
            if (step % 20_011 == 0) {
                assertThat(map.size()).isEqualTo(reference.size());
                for (Map.Entry<String, StatusHistory> e : reference.entrySet()) {
                    assertThat(map.get(e.getKey())).isSameAs(e.getValue());
                }
                java.util.Set<StatusHistory> held = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
                held.addAll(map.values());
                assertThat(map.values()).hasSize(reference.size());
                assertThat(held).hasSize(reference.size());
                assertThat(reference.values()).allMatch(held::contains);
            }
        }
        assertThat(map.get("none")).isNull();
    }
}
