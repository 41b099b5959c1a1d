package dev.flowlens.metrics.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FactSetTest {

    record Fact(String id, int version) {
    }

    @Test
    @DisplayName("Random puts (colliding and null ids included) agree with a LinkedHashMap; snapshots keep what they saw")
    void agreesWithLinkedHashMap() {
        FactSet<Fact> set = new FactSet<>(Fact::id);
        Map<String, Fact> reference = new LinkedHashMap<>();
        List<List<Fact>> snapshots = new ArrayList<>();
        List<List<Fact>> expected = new ArrayList<>();
        Random r = new Random(11);
        // "Aa" and "BB" have the same hashCode: ids built from them collide in every table size.
        String[] parts = {"Aa", "BB"};
        for (int step = 0; step < 60_000; step++) {
            String id;
            if (r.nextInt(1000) == 0) {
                id = null;
            } else {
                StringBuilder b = new StringBuilder();
                for (int k = 0; k < 5; k++) {
                    b.append(parts[r.nextInt(2)]);
                }
                id = b.append(r.nextInt(step / 4 + 10)).toString();
            }
            Fact f = new Fact(id, step);
            assertThat(set.put(f)).isEqualTo(reference.put(id, f));
            if (r.nextInt(200) == 0) {
                snapshots.add(set.snapshot());
                expected.add(List.copyOf(reference.values()));
            }
        }
        assertThat(set.size()).isEqualTo(reference.size());
        reference.forEach((id, f) -> assertThat(set.get(id)).isSameAs(f));
        assertThat(set.get("none")).isNull();
        // arrival order: a replaced fact keeps its place
        assertThat(set.snapshot()).containsExactlyElementsOf(reference.values());
        for (int k = 0; k < snapshots.size(); k++) {
            // List.equals: element by element, in order (AssertJ's containsExactly is quadratic here)
            assertThat(snapshots.get(k).equals(expected.get(k))).as("snapshot %d", k).isTrue();
        }
    }
}
