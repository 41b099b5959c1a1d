package dev.flowlens.metrics.memory;

import static dev.flowlens.metrics.memory.HeapLevel.Change.BACK_BELOW;
import static dev.flowlens.metrics.memory.HeapLevel.Change.CROSSED_ABOVE;
import static dev.flowlens.metrics.memory.HeapLevel.Change.NONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** One warning per crossing of the ratio, re-armed only below the ratio minus the margin. */
class HeapLevelTest {

    private static final long MAX = 1000;

    @Test
    void warnsOncePerCrossingNotAfterEveryCollectionAbove() {
        HeapLevel level = new HeapLevel(0.85);

        assertThat(level.record(700, MAX)).isEqualTo(NONE);
        assertThat(level.record(850, MAX)).isEqualTo(CROSSED_ABOVE);
        assertThat(level.record(900, MAX)).isEqualTo(NONE);
        assertThat(level.record(990, MAX)).isEqualTo(NONE);
        assertThat(level.last()).isEqualTo(new HeapLevel.Reading(990, MAX, 0.99, true));
    }

    @Test
    void reArmsOnlyWhenACollectionLeavesTheHeapBelowTheRatioMinusTheMargin() {
        HeapLevel level = new HeapLevel(0.85);
        assertThat(level.record(860, MAX)).isEqualTo(CROSSED_ABOVE);

        // hovering just under the ratio: still the same crossing, no new warning when it goes back up
        assertThat(level.record(820, MAX)).isEqualTo(NONE);
        assertThat(level.last().above()).isTrue();
        assertThat(level.record(870, MAX)).isEqualTo(NONE);

        assertThat(level.record(790, MAX)).isEqualTo(BACK_BELOW);
        assertThat(level.last().above()).isFalse();
        assertThat(level.record(851, MAX)).isEqualTo(CROSSED_ABOVE);
    }

    @Test
    void aReadingWithoutAMaximumChangesNothing() {
        HeapLevel level = new HeapLevel(0.5);

        assertThat(level.record(10, 0)).isEqualTo(NONE);
        assertThat(level.last().above()).isFalse();
        assertThat(level.last().ratio()).isZero();
    }

    @Test
    void theRatioMustBeMoreThanZeroAndAtMostOne() {
        assertThatThrownBy(() -> new HeapLevel(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("flowlens.heap.warn-ratio");
        assertThatThrownBy(() -> new HeapLevel(1.2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HeapLevel(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new HeapLevel(1).warnRatio()).isEqualTo(1);
    }

    @Test
    void edenSurvivorAndYoungPoolsAreNotTenured() {
        assertThat(HeapWatch.isTenured("G1 Old Gen")).isTrue();
        assertThat(HeapWatch.isTenured("PS Old Gen")).isTrue();
        assertThat(HeapWatch.isTenured("Tenured Gen")).isTrue();
        assertThat(HeapWatch.isTenured("ZHeap")).isTrue();
        assertThat(HeapWatch.isTenured("G1 Eden Space")).isFalse();
        assertThat(HeapWatch.isTenured("G1 Survivor Space")).isFalse();
        assertThat(HeapWatch.isTenured("ZGC Young Generation")).isFalse();
    }
}
