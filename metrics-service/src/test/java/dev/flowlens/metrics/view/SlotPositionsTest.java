package dev.flowlens.metrics.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SlotPositionsTest {

    @Property(tries = 200)
    @Label("Random puts, moves and removals over sparse and dense slot ranges agree with a HashMap")
    void agreesWithHashMap(@ForAll long seed, @ForAll @IntRange(min = 1, max = 200_000) int slotRange,
            @ForAll @IntRange(min = 0, max = 2_000) int steps) {
        java.util.Random r = new java.util.Random(seed);
        SlotPositions positions = new SlotPositions();
        Map<Integer, Integer> reference = new HashMap<>();
        // a few slot clusters, as a team stream's items are: a run of slots, then a jump
        int base = r.nextInt(slotRange);
        for (int step = 0; step < steps; step++) {
            if (r.nextInt(50) == 0) {
                base = r.nextInt(slotRange);
            }
            int slot = Math.min(slotRange - 1, base + r.nextInt(64));
            if (r.nextInt(4) == 0) {
                positions.remove(slot);
                reference.remove(slot);
            } else {
                int position = r.nextInt(1_000_000);
                positions.put(slot, position);
                reference.put(slot, position);
            }
        }
        assertThat(positions.size()).isEqualTo(reference.size());
        for (int k = 0; k < 500; k++) {
            int slot = r.nextInt(slotRange);
            assertThat(positions.get(slot)).isEqualTo(reference.getOrDefault(slot, -1));
        }
        reference.forEach((slot, position) -> assertThat(positions.get(slot)).isEqualTo(position));
    }

    @Test
    @DisplayName("A stream over a few far slots keeps a table; one over most slots an array, and changes as it fills")
    void choosesTheCheaperForm() {
        SlotPositions sparse = new SlotPositions();
        sparse.put(4_000_000, 0);
        sparse.put(4_000_001, 1);
        assertThat(sparse.dense()).isFalse();
        assertThat(sparse.get(4_000_001)).isEqualTo(1);
        assertThat(sparse.get(0)).isEqualTo(-1);

        SlotPositions filling = new SlotPositions();
        filling.put(1_000, 0);
        assertThat(filling.dense()).isFalse();
        for (int slot = 0; slot < 1_000; slot++) {
            filling.put(slot, slot + 1);
        }
        assertThat(filling.dense()).isTrue();
        assertThat(filling.size()).isEqualTo(1_001);
        assertThat(filling.get(1_000)).isEqualTo(0);
        assertThat(filling.get(999)).isEqualTo(1_000);
        filling.remove(999);
        assertThat(filling.get(999)).isEqualTo(-1);
        assertThat(filling.size()).isEqualTo(1_000);

        SlotPositions everything = new SlotPositions();
        for (int slot = 0; slot < 100_000; slot++) {
            everything.put(slot, slot);
        }
        assertThat(everything.dense()).isTrue();
    }
}
