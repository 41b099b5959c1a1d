package dev.flowlens.metrics.view;

import dev.flowlens.metrics.calc.timeline.StatusHistory;
import java.util.ArrayList;
import java.util.List;

/**
 * The cache's items by id: an open-addressing table of the histories themselves (linear probing, backward-shift
 * removal), with each history's id kept only inside the history. A {@code HashMap<String, StatusHistory>} cost an
 * entry object and the id as a separate String per item. Not thread-safe (the cache's one writer).
 */
final class ItemMap {
    private StatusHistory[] table = new StatusHistory[16];
    private int size;

    int size() {
        return size;
    }

    StatusHistory get(String id) {
        StatusHistory[] t = table;
        int mask = t.length - 1;
        for (int i = spread(id.hashCode()) & mask; t[i] != null; i = (i + 1) & mask) {
            if (t[i].hasItemId(id)) {
                return t[i];
            }
        }
        return null;
    }

    /** Adds the history, or replaces the one with the same id; returns the replaced one or null. */
    StatusHistory put(StatusHistory h, String id) {
        if ((size + 1) * 4L > table.length * 3L) {
            resize(table.length * 2);
        }
        StatusHistory[] t = table;
        int mask = t.length - 1;
        int i = spread(id.hashCode()) & mask;
        for (; t[i] != null; i = (i + 1) & mask) {
            if (t[i].hasItemId(id)) {
                StatusHistory old = t[i];
                t[i] = h;
                return old;
            }
        }
        t[i] = h;
        size++;
        return null;
    }

    /** Removes the history with that id; returns it, or null if there was none. */
    StatusHistory remove(String id) {
        StatusHistory[] t = table;
        int mask = t.length - 1;
        int i = spread(id.hashCode()) & mask;
        for (; t[i] != null; i = (i + 1) & mask) {
            if (t[i].hasItemId(id)) {
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
        int mask = capacity - 1;
        for (StatusHistory h : old) {
            if (h != null) {
                int i = spread(h.itemIdHash()) & mask;
                while (t[i] != null) {
                    i = (i + 1) & mask;
                }
                t[i] = h;
            }
        }
        table = t;
    }

    private static int spread(int h) {
        int x = h * 0x9E3779B9;
        return x ^ (x >>> 16);
    }
}
