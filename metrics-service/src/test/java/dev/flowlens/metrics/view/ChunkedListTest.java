package dev.flowlens.metrics.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ChunkedListTest {

    @Test
    @DisplayName("Random adds, sets and removals agree with an ArrayList, and every snapshot keeps what it saw")
    void snapshotsKeepWhatTheySaw() {
        ChunkedList<Integer> list = new ChunkedList<>();
        List<Integer> reference = new ArrayList<>();
        List<List<Integer>> snapshots = new ArrayList<>();
        List<List<Integer>> expected = new ArrayList<>();
        Random r = new Random(7);
        for (int step = 0; step < 60_000; step++) {
            int op = r.nextInt(10);
            if (op < 6 || reference.isEmpty()) {
                list.add(step);
                reference.add(step);
            } else if (op < 9) {
                int at = r.nextInt(reference.size());
                assertThat(list.set(at, -step)).isEqualTo(reference.set(at, -step));
            } else {
                // runs of removals cross chunk boundaries below the last snapshot's size
                for (int k = r.nextInt(1500); k >= 0 && !reference.isEmpty(); k--) {
                    assertThat(list.removeLast()).isEqualTo(reference.remove(reference.size() - 1));
                }
            }
            if (r.nextInt(50) == 0) {
                snapshots.add(list.snapshot());
                expected.add(List.copyOf(reference));
            }
        }
        assertThat(list.size()).isEqualTo(reference.size());
        assertThat(list.snapshot()).containsExactlyElementsOf(reference);
        assertThat(snapshots).hasSizeGreaterThan(1000);
        for (int k = 0; k < snapshots.size(); k++) {
            // List.equals: element by element, in order (AssertJ's containsExactly is quadratic here)
            assertThat(snapshots.get(k).equals(expected.get(k))).as("snapshot %d", k).isTrue();
        }
    }

    @Test
    @DisplayName("A snapshot is the same list while nothing changed, and cannot be changed")
    void snapshotIsStableAndImmutable() {
        ChunkedList<String> list = new ChunkedList<>();
        assertThat(list.snapshot()).isEmpty();
        list.add("a");
        List<String> first = list.snapshot();
        assertThat(list.snapshot()).isSameAs(first);
        list.set(0, "b");
        assertThat(list.snapshot()).isNotSameAs(first).containsExactly("b");
        assertThat(first).containsExactly("a");
        assertThatThrownBy(() -> first.add("c")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> first.get(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> list.get(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
