package dev.flowlens.metrics.calc.index;

import dev.flowlens.metrics.calc.Times;
import java.util.Arrays;

/**
 * One day's sorted records of a {@link DayStore} (stride longs each, field 0 {@code (offset << codeBits) | code}),
 * packed into bytes for as long as the day is held: field 0 as the varint of its zigzagged difference from the
 * previous record's field 0 (records are sorted by offset, so the difference is small), every other field as a varint
 * token: 0 for {@link Times#NONE}; else a zigzagged value shifted left by two with a tag below, 1 for the difference
 * from the record's own time (an interval's start before its end: a duration), 2 for the value itself (a duration in a
 * stage), 3 for "eight raw bytes follow" (values too large for either). Eight-byte longs became about four
 * to six bytes each (docs/decisions.md, "Memory of the fact cache").
 *
 * <p>Read in order only, which is how days are read: {@link Reader} decodes one record at a time, and a day that must
 * change (a merge, a removal's check) is unpacked whole. Immutable.
 */
final class PackedDay {
    private static final long RAW_LIMIT = 1L << 61;

    private final byte[] bytes;
    private final int records;
    private final int stride;
    private final int codeBits;
    private final long dayStart;

    private PackedDay(byte[] bytes, int records, int stride, int codeBits, long dayStart) {
        this.bytes = bytes;
        this.records = records;
        this.stride = stride;
        this.codeBits = codeBits;
        this.dayStart = dayStart;
    }

    /** A day without records (of any stride: it has none to read). */
    static final PackedDay EMPTY = new PackedDay(new byte[0], 0, 1, 0, 0);

    /** Packs records sorted by offset (not modified). */
    static PackedDay pack(long[] recs, int stride, int codeBits, long dayStart) {
        byte[] out = new byte[Math.max(16, recs.length * 3)];
        int o = 0;
        long prev = 0;
        for (int i = 0; i < recs.length; i += stride) {
            if (out.length - o < stride * 10) {
                out = Arrays.copyOf(out, Math.max(out.length * 2, o + stride * 10));
            }
            long f0 = recs[i];
            o = putVarint(out, o, zigzag(f0 - prev));
            prev = f0;
            long time = dayStart + (f0 >>> codeBits);
            for (int j = 1; j < stride; j++) {
                long v = recs[i + j];
                if (v == Times.NONE) {
                    o = putVarint(out, o, 0);
                    continue;
                }
                long d = time - v;
                boolean relative = ((time ^ v) & (time ^ d)) >= 0; // no overflow
                long zr = relative ? zigzag(d) : -1;
                long za = zigzag(v);
                if (relative && Long.compareUnsigned(zr, za) <= 0 && Long.compareUnsigned(zr, RAW_LIMIT) < 0) {
                    o = putVarint(out, o, (zr << 2) | 1);
                } else if (Long.compareUnsigned(za, RAW_LIMIT) < 0) {
                    o = putVarint(out, o, (za << 2) | 2);
                } else {
                    out[o++] = 3;
                    for (int b = 0; b < 8; b++) {
                        out[o++] = (byte) (v >>> (8 * b));
                    }
                }
            }
        }
        return new PackedDay(Arrays.copyOf(out, o), recs.length / stride, stride, codeBits, dayStart);
    }

    /** The day's midnight, epoch microseconds. */
    long dayStart() {
        return dayStart;
    }

    /** Number of records. */
    int records() {
        return records;
    }

    /** The records, unpacked (a new array). */
    long[] unpack() {
        long[] out = new long[records * stride];
        Reader r = reader();
        long[] rec = new long[stride];
        for (int i = 0; r.next(rec); i += stride) {
            System.arraycopy(rec, 0, out, i, stride);
        }
        return out;
    }

    /** Bytes held (for tests and measurements). */
    int packedBytes() {
        return bytes.length;
    }

    /** A reader from the first record. */
    Reader reader() {
        return new Reader();
    }

    /** Decodes the records in order. */
    final class Reader {
        private int at;
        private long prev;

        /** Decodes the next record into rec[0 .. stride - 1]; false when none is left. */
        boolean next(long[] rec) {
            if (at >= bytes.length) {
                return false;
            }
            long f0 = prev + unzigzag(readVarint());
            prev = f0;
            rec[0] = f0;
            long time = dayStart + (f0 >>> codeBits);
            for (int j = 1; j < stride; j++) {
                if ((bytes[at] & 0xFF) == 3) {
                    at++;
                    long v = 0;
                    for (int b = 0; b < 8; b++) {
                        v |= (bytes[at++] & 0xFFL) << (8 * b);
                    }
                    rec[j] = v;
                    continue;
                }
                long token = readVarint();
                long tag = token & 3;
                long value = unzigzag(token >>> 2);
                rec[j] = tag == 0 ? Times.NONE : tag == 1 ? time - value : value;
            }
            return true;
        }

        private long readVarint() {
            long v = 0;
            int shift = 0;
            byte b;
            do {
                b = bytes[at++];
                v |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while (b < 0);
            return v;
        }
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    private static int putVarint(byte[] out, int o, long v) {
        while ((v & ~0x7FL) != 0) {
            out[o++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[o++] = (byte) v;
        return o;
    }
}
