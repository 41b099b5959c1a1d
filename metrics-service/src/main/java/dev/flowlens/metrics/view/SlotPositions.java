package dev.flowlens.metrics.view;

import com.carrotsearch.hppc.IntIntHashMap;
import java.util.Arrays;

/**
 * One value stream's positions of its items in its list, by item slot ({@link ViewState}'s streams). Slots number the
 * items of the whole cache densely, and a stream holds any subset of them: an array indexed by slot costs 4 bytes for
 * every slot up to the stream's largest, whatever the stream holds, so fifty team streams of 2 % of the items each
 * cost 200 bytes an item that way. A hash table costs about 10 to 20 bytes a member. So: an array while the stream
 * holds at least a quarter of the slots up to its largest (a stream over everything: 4 bytes an item), a hash table
 * ({@link IntIntHashMap}) below that, back to an array once it holds half of them. Not thread-safe (the writer's).
 */
final class SlotPositions {
    private static final int[] NONE = {};

    /** Array mode: 1 + the position by slot, 0 where absent; null in table mode. */
    private int[] dense = NONE;
    /** Table mode: slot to 1 + the position; null in array mode. */
    private IntIntHashMap table;
    /** Table mode: the largest slot put (what an array would have to reach). */
    private int largest = -1;
    private int size;

    /** The position of the item in {@code slot}, or -1 when the stream does not hold it. */
    int get(int slot) {
        if (table != null) {
            return table.getOrDefault(slot, 0) - 1;
        }
        return slot < dense.length ? dense[slot] - 1 : -1;
    }

    /** Sets the position of the item in {@code slot} (a new member, or one moved). */
    void put(int slot, int position) {
        if (slot < 0 || position < 0) {
            throw new IllegalArgumentException("slot " + slot + ", position " + position);
        }
        if (table != null) {
            if (table.put(slot, position + 1) == 0) {
                size++;
            }
            largest = Math.max(largest, slot);
            if (size * 2L >= largest + 1L) {
                toArray();
            }
            return;
        }
        if (slot >= dense.length) {
            if ((size + 1) * 4L < slot + 1L) {
                toTable();
                put(slot, position);
                return;
            }
            dense = Arrays.copyOf(dense, Math.max(slot + 1, dense.length + (dense.length >> 1) + 16));
        }
        if (dense[slot] == 0) {
            size++;
        }
        dense[slot] = position + 1;
    }

    /** Forgets the item in {@code slot} (nothing when the stream does not hold it). */
    void remove(int slot) {
        if (table != null) {
            if (table.remove(slot) != 0) {
                size--;
            }
        } else if (slot >= 0 && slot < dense.length && dense[slot] != 0) {
            dense[slot] = 0;
            size--;
        }
    }

    /** Members held. */
    int size() {
        return size;
    }

    /** True while the positions are kept in an array indexed by slot (for tests). */
    boolean dense() {
        return table == null;
    }

    private void toTable() {
        IntIntHashMap t = new IntIntHashMap(Math.max(16, size * 2));
        for (int slot = 0; slot < dense.length; slot++) {
            if (dense[slot] != 0) {
                t.put(slot, dense[slot]);
                largest = slot;
            }
        }
        table = t;
        dense = null;
    }

    private void toArray() {
        int[] d = new int[largest + 1];
        for (var c : table) {
            d[c.key] = c.value;
        }
        dense = d;
        table = null;
        largest = -1;
    }
}
