package dev.flowlens.metrics.calc.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowlens.metrics.calc.Times;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A store in overlay mode holds, day by day, exactly the records of a store that rebuilds its days (its arrays plus
 * the overlay's additions, less its removals, as multisets), whatever the mix of adds, removes, duplicates, flushes
 * and builds; its arrays stay sorted; an earlier build's arrays never change; and a remove of a record not held is
 * refused in both modes.
 */
class DayStoreTest {
    private static final int CODE_BITS = 3;

    @Test
    void overlayModeHoldsWhatARebuildingStoreHolds() {
        int overlaid = 0;
        int merged = 0;
        for (long seed = 1; seed <= 200; seed++) {
            Random r = new Random(seed);
            int stride = 1 + r.nextInt(3);
            int flush = r.nextBoolean() ? DayStore.DEFAULT_FLUSH_LONGS : 1 + r.nextInt(40);
            int minOverlay = new int[] {0, 1, 5, DayStore.MIN_OVERLAY_RECORDS}[r.nextInt(4)];
            DayStore plain = new DayStore(stride, CODE_BITS, flush);
            DayStore overlay = new DayStore(stride, CODE_BITS, flush, true, minOverlay);
            List<long[]> held = new ArrayList<>();
            Map<Long, PackedDay> frozenDay = null;
            long frozenKey = 0;
            long[] frozenCopy = null;
            for (int step = 0; step < 400; step++) {
                if (held.isEmpty() || r.nextInt(3) > 0) {
                    // times on few days and few offsets, so that days grow, offsets tie and records repeat
                    long[] rec = held.isEmpty() || r.nextInt(5) > 0 ? record(r, stride) : held.get(r.nextInt(held.size()));
                    held.add(rec);
                    add(plain, rec);
                    add(overlay, rec);
                } else {
                    long[] rec = held.remove(r.nextInt(held.size()));
                    remove(plain, rec);
                    remove(overlay, rec);
                }
                if (r.nextInt(10) == 0) {
                    plain.build();
                    overlay.build();
                    assertSame("seed " + seed + " step " + step, stride, plain, overlay);
                    overlaid += overlay.plus().isEmpty() && overlay.minus().isEmpty() ? 0 : 1;
                    merged += overlay.days().isEmpty() ? 0 : 1;
                    if (frozenDay == null && !overlay.days().isEmpty()) {
                        frozenKey = overlay.days().firstKey();
                        frozenDay = new HashMap<>(Map.of(frozenKey, overlay.days().get(frozenKey)));
                        frozenCopy = overlay.days().get(frozenKey).unpack();
                    }
                }
            }
            plain.build();
            overlay.build();
            assertSame("seed " + seed + " end", stride, plain, overlay);
            if (frozenDay != null) {
                assertThat(frozenDay.get(frozenKey).unpack()).as("seed %d: a built array is never modified", seed)
                        .isEqualTo(frozenCopy);
            }
        }
        assertThat(overlaid).as("builds that left overlays").isGreaterThan(100);
        assertThat(merged).as("builds with merged days").isGreaterThan(100);
    }

    /**
     * The flushes' sort orders as {@link Arrays#sort}: values of every width (a pass skipped where all share a byte),
     * many ties, arrays below and above the radix threshold, keys whose low bits are an index (left in order).
     */
    @Test
    void theRadixSortOrdersAsArraysSort() {
        Random r = new Random(11);
        for (int round = 0; round < 300; round++) {
            int n = r.nextInt(3) == 0 ? r.nextInt(300) : 256 + r.nextInt(5_000);
            int bits = 1 + r.nextInt(62);
            long tieMask = r.nextBoolean() ? -1L : ~0xFFFFL; // many values equal where the low bytes are cleared
            int indexBits = r.nextBoolean() ? 0 : 26;
            long[] a = new long[n];
            for (int i = 0; i < n; i++) {
                long v = ((r.nextLong() >>> 1) & ((1L << bits) - 1)) & tieMask;
                a[i] = indexBits == 0 ? v : ((v >>> (indexBits + 1)) << indexBits) | i;
            }
            long[] expected = a.clone();
            Arrays.sort(expected);
            RadixSort.sort(a, a.length, indexBits);
            assertThat(a).as("round %d: %d values of %d bits", round, n, bits).isEqualTo(expected);
        }
    }

    @Test
    void aRemoveOfARecordNotHeldIsRefusedInOverlayMode() {
        DayStore store = new DayStore(2, CODE_BITS, DayStore.DEFAULT_FLUSH_LONGS, true, DayStore.MIN_OVERLAY_RECORDS);
        store.add(Times.DAY_MICROS * 3 + 5, 1, 42);
        store.add(Times.DAY_MICROS * 3 + 5, 1, 42);
        store.build();
        store.remove(Times.DAY_MICROS * 3 + 5, 1, 42);
        store.remove(Times.DAY_MICROS * 3 + 5, 1, 42);
        store.build();
        store.remove(Times.DAY_MICROS * 3 + 5, 1, 42); // the third copy was never added
        assertThatThrownBy(store::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("removed record not held");
    }

    @Test
    void aPackedDayGivesBackItsRecordsExactly() {
        Random r = new Random(11);
        long day = 20_500;
        long dayStart = day * Times.DAY_MICROS;
        long[] special = {Times.NONE, Long.MAX_VALUE, Long.MIN_VALUE + 1, 0, -1, dayStart, dayStart - 1,
            dayStart + Times.DAY_MICROS, 1L << 61, -(1L << 61), (1L << 60) + 7};
        for (int stride = 1; stride <= 9; stride++) {
            int n = r.nextInt(300);
            long[] recs = new long[n * stride];
            long offset = 0;
            for (int i = 0; i < n; i++) {
                offset = Math.min(Times.DAY_MICROS - 1, offset + (r.nextInt(4) == 0 ? 0 : r.nextInt(1_000_000_000)));
                recs[i * stride] = (offset << CODE_BITS) | r.nextInt(1 << CODE_BITS);
                for (int j = 1; j < stride; j++) {
                    recs[i * stride + j] = switch (r.nextInt(4)) {
                        case 0 -> special[r.nextInt(special.length)];
                        case 1 -> dayStart + offset - (r.nextLong() >>> 24); // a start before the record's time
                        case 2 -> r.nextInt(1_000_000);
                        default -> r.nextLong();
                    };
                }
            }
            long[] copy = recs.clone();
            PackedDay packed = PackedDay.pack(recs, stride, CODE_BITS, dayStart);
            assertThat(recs).isEqualTo(copy);
            assertThat(packed.records()).isEqualTo(n);
            assertThat(packed.unpack()).as("stride %d", stride).isEqualTo(recs);
        }
    }

    private static long[] record(Random r, int stride) {
        long[] rec = new long[1 + stride];
        rec[0] = Times.DAY_MICROS * r.nextInt(4) + r.nextInt(30) * 1000L;
        rec[1] = r.nextInt(1 << CODE_BITS);
        for (int i = 2; i < rec.length; i++) {
            rec[i] = r.nextInt(3);
        }
        return rec;
    }

    private static void add(DayStore s, long[] rec) {
        s.add(rec[0], (int) rec[1], Arrays.copyOfRange(rec, 2, rec.length));
    }

    private static void remove(DayStore s, long[] rec) {
        s.remove(rec[0], (int) rec[1], Arrays.copyOfRange(rec, 2, rec.length));
    }

    private static void assertSame(String what, int stride, DayStore plain, DayStore overlay) {
        TreeMap<Long, Map<List<Long>, Integer>> expected = new TreeMap<>();
        plain.days().forEach((day, recs) -> count(expected, day, recs.unpack(), stride, 1));
        TreeMap<Long, Map<List<Long>, Integer>> actual = new TreeMap<>();
        overlay.days().forEach((day, recs) -> count(actual, day, recs.unpack(), stride, 1));
        overlay.plus().forEach((day, recs) -> count(actual, day, recs, stride, 1));
        overlay.minus().forEach((day, recs) -> count(actual, day, recs, stride, -1));
        actual.values().forEach(m -> m.values().removeIf(n -> n == 0));
        actual.values().removeIf(Map::isEmpty);
        assertThat(actual).as(what).isEqualTo(expected);
        List<long[]> arrays = new ArrayList<>(overlay.plus().values());
        arrays.addAll(overlay.minus().values());
        overlay.days().values().forEach(p -> arrays.add(p.unpack()));
        arrays.forEach(recs -> {
            for (int i = stride; i < recs.length; i += stride) {
                assertThat(recs[i] >>> CODE_BITS).as(what + ": sorted by offset")
                        .isGreaterThanOrEqualTo(recs[i - stride] >>> CODE_BITS);
            }
        });
    }

    private static void count(TreeMap<Long, Map<List<Long>, Integer>> into, long day, long[] recs, int stride,
            int sign) {
        Map<List<Long>, Integer> m = into.computeIfAbsent(day, d -> new HashMap<>());
        for (int i = 0; i < recs.length; i += stride) {
            List<Long> key = new ArrayList<>();
            for (int j = 0; j < stride; j++) {
                key.add(recs[i + j]);
            }
            m.merge(key, sign, Integer::sum);
        }
    }
}
