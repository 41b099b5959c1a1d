package dev.flowlens.metrics.calc.timeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The later segment starts of a {@link StatusHistory}, packed: start i (i &ge; 1) is kept as its distance from the
 * first start, {@code starts[i] - starts[0]}, divided by the coarsest unit (a second, a millisecond or a microsecond)
 * that divides every distance of the item exactly, in as many bits as the item's largest distance needs, one after
 * another, lowest bit first. Nothing is rounded: {@link #get} gives back every start exactly.
 *
 * <p>Distances are positive (starts strictly increase); if a subtraction overflows (starts at both ends of the
 * {@code long} range) the item keeps its distances whole, 64 bits in microseconds, and the wrap-around of the
 * addition gives the start back.
 */
final class SegmentStarts {
    /** The units by code, in microseconds. */
    private static final long[] UNITS = {1, 1_000, 1_000_000};
    /** Eight bytes of a packed array as one long, lowest byte first. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private SegmentStarts() {
    }

    /** The code of the coarsest unit dividing every distance of {@code starts[1..count)} from {@code starts[0]}. */
    static byte unitCode(long[] starts, int count) {
        byte code = (byte) (UNITS.length - 1);
        for (int i = 1; i < count && code > 0; i++) {
            long d = starts[i] - starts[0];
            if (d <= 0) {
                return 0;
            }
            while (code > 0 && d % UNITS[code] != 0) {
                code--;
            }
        }
        return code;
    }

    /** Bits per packed distance (0 for one segment, 64 when a distance overflowed). */
    static byte bits(long[] starts, int count, byte unit) {
        long max = 0;
        for (int i = 1; i < count; i++) {
            long d = starts[i] - starts[0];
            if (d <= 0) {
                return 64;
            }
            max = Math.max(max, d / UNITS[unit]);
        }
        return (byte) (64 - Long.numberOfLeadingZeros(max));
    }

    /** Bytes the distances of {@code count} starts take at {@code bits} each. */
    static int size(int count, int bits) {
        return count <= 1 ? 0 : (int) (((long) (count - 1) * bits + 7) >>> 3);
    }

    /** Packs the distances of {@code starts[1..count)} at {@code bits} each in {@code unit}. */
    static byte[] pack(long[] starts, int count, byte bits, byte unit) {
        byte[] out = new byte[size(count, bits)];
        pack(starts, count, bits, unit, out, 0);
        return out;
    }

    /** As {@link #pack(long[], int, byte, byte)}, into {@code out} from {@code from} on (those bytes zero). */
    static void pack(long[] starts, int count, byte bits, byte unit, byte[] out, int from) {
        long pos = (long) from << 3;
        for (int i = 1; i < count; i++) {
            long v = (starts[i] - starts[0]) / UNITS[unit];
            // a byte at a time (bit by bit was a tenth of a first load's builder thread); v has no bit at or above
            // bits, so the last byte gets only zeros past the value
            for (int left = bits; left > 0; ) {
                int shift = (int) (pos & 7);
                out[(int) (pos >>> 3)] |= (byte) (v << shift);
                int took = 8 - shift;
                v >>>= took;
                pos += Math.min(took, left);
                left -= took;
            }
        }
    }

    /** Distance k (of start k + 1) from the first start, in microseconds. */
    static long get(byte[] packed, int k, byte bits, byte unit) {
        return get(packed, 0, k, bits, unit);
    }

    /**
     * As {@link #get(byte[], int, byte, byte)}, of distances packed from {@code from} on in a larger array (the bytes
     * around them are never mistaken for part of the value).
     */
    static long get(byte[] packed, int from, int k, int bits, int unit) {
        long pos = ((long) from << 3) + (long) k * bits;
        int at = (int) (pos >>> 3);
        int shift = (int) (pos & 7);
        if (bits <= 56 && packed.length >= 8) {
            // one read of the eight bytes holding the value (the array's last eight when it ends sooner)
            int word8 = Math.min(at, packed.length - 8);
            long word = (long) LONGS.get(packed, word8);
            return ((word >>> (shift + ((at - word8) << 3))) & ((1L << bits) - 1)) * UNITS[unit];
        }
        int end = Math.min(packed.length, at + ((shift + bits + 7) >>> 3));
        long word = 0;
        int last = Math.min(end, at + 8);
        for (int j = at; j < last; j++) {
            word |= (packed[j] & 0xFFL) << ((j - at) << 3);
        }
        long v = word >>> shift;
        if (shift + bits > 64) {
            v |= (packed[at + 8] & 0xFFL) << (64 - shift);
        }
        if (bits < 64) {
            v &= (1L << bits) - 1;
        }
        return v * UNITS[unit];
    }
}
