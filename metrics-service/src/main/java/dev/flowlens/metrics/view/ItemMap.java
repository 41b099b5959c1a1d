package dev.flowlens.metrics.view;

import dev.flowlens.metrics.calc.timeline.StatusHistory;
import java.util.ArrayList;
import java.util.List;

/**
 * The cache's items by id: an open-addressing table of the histories themselves (linear probing, backward-shift
 * removal), with each history's id kept only inside the history. A {@code HashMap<String, StatusHistory>} cost an
 * entry object and the id as a separate String per item. Beside each slot, a byte of its id's hash: a probe compares
 * the id (decoded from the history's packed bytes) only where that byte matches, so a lookup of an id not held, every
 * item of a first load, reads no history (it read every history of its probe run: a fifth of the first load's
 * builder thread). Not thread-safe (the cache's one writer).
 */
final class ItemMap {
    private StatusHistory[] table = new StatusHistory[16];
    /** Per slot, {@link #tag} of its history's id hash. */
    private byte[] tags = new byte[16];
    private int size;

    int size() {
        return size;
    }

    StatusHistory get(String id) {
        StatusHistory[] t = table;
        int mask = t.length - 1;
        int h = spread(id.hashCode());
        byte tag = tag(h);
        for (int i = h & mask; t[i] != null; i = (i + 1) & mask) {
            if (tags[i] == tag && t[i].hasItemId(id)) {
                return t[i];
            }
        }
        return null;
    }

    /** Makes room for {@code items} in all without growing (the table's size stays a power of two). */
    void ensureCapacity(long items) {
        long needed = Math.min(items, 1L << 28) * 4 / 3 + 1;
        int capacity = table.length;
        while (capacity < needed) {
            capacity <<= 1;
        }
        if (capacity > table.length) {
            resize(capacity);
        }
    }

    /** Adds the history, or replaces the one with the same id; returns the replaced one or null. */
    StatusHistory put(StatusHistory h, String id) {
        if ((size + 1) * 4L > table.length * 3L) {
            resize(table.length * 2);
        }
        StatusHistory[] t = table;
        int mask = t.length - 1;
        int hash = spread(id.hashCode());
        byte tag = tag(hash);
        int i = hash & mask;
        for (; t[i] != null; i = (i + 1) & mask) {
            if (tags[i] == tag && t[i].hasItemId(id)) {
                StatusHistory old = t[i];
                t[i] = h;
                return old;
            }
        }
        t[i] = h;
        tags[i] = tag;
        size++;
        return null;
    }

    /** Removes the history with that id; returns it, or null if there was none. */
    StatusHistory remove(String id) {
        StatusHistory[] t = table;
        int mask = t.length - 1;
        int hash = spread(id.hashCode());
        byte tag = tag(hash);
        int i = hash & mask;
        for (; t[i] != null; i = (i + 1) & mask) {
            if (tags[i] == tag && t[i].hasItemId(id)) {
                break;
            }
        }
        StatusHistory old = t[i];
        if (old == null) {
            return null;
        }
        // Backward shift: move later entries of the probe run into the hole when their home allows it.
        int hole = i;
        for (int j = (hole + 1) & mask; t[j] != null; j = (j + 1) & mask) {
            int home = spread(t[j].itemIdHash()) & mask;
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                t[hole] = t[j];
                tags[hole] = tags[j];
                hole = j;
            }
        }
        t[hole] = null;
        size--;
        return old;
    }

    /** The histories, in no particular order (a copy). */
    List<StatusHistory> values() {
        List<StatusHistory> out = new ArrayList<>(size);
        for (StatusHistory h : table) {
            if (h != null) {
                out.add(h);
            }
        }
        return out;
    }

    private void resize(int capacity) {
        StatusHistory[] old = table;
        StatusHistory[] t = new StatusHistory[capacity];
        byte[] g = new byte[capacity];
        int mask = capacity - 1;
        for (StatusHistory h : old) {
            if (h != null) {
                int hash = spread(h.itemIdHash());
                int i = hash & mask;
                while (t[i] != null) {
                    i = (i + 1) & mask;
                }
                t[i] = h;
                g[i] = tag(hash);
            }
        }
        table = t;
        tags = g;
    }

    /** The byte kept beside a slot: the spread hash's top bits (its low bits place the slot). */
    private static byte tag(int spreadHash) {
        return (byte) (spreadHash >>> 24);
    }

    private static int spread(int h) {
        int x = h * 0x9E3779B9;
        return x ^ (x >>> 16);
    }
}
