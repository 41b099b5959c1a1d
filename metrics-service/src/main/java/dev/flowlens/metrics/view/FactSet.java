package dev.flowlens.metrics.view;

import java.util.List;
import java.util.function.Function;

/**
 * Facts of one kind by id (changes, deployments or incidents) in arrival order, with snapshots that copy no fact
 * ({@link ChunkedList}). Ids are found through an open-addressing table of positions (no entry objects). Facts are
 * never removed: nothing in the event stream deletes a DORA fact. Not thread-safe: one writer.
 *
 * @param <T> a fact
 */
final class FactSet<T> {
    private final Function<T, String> idOf;
    private final ChunkedList<T> facts = new ChunkedList<>();
    /** By id hash, open addressing: 1 + the position of the fact, 0 for empty. */
    private int[] table = new int[16];
    /** Position of the fact with a null id, or -1. */
    private int nullAt = -1;

    FactSet(Function<T, String> idOf) {
        this.idOf = idOf;
    }

    int size() {
        return facts.size();
    }

    /** The fact with this id, or null. */
    T get(String id) {
        int at = find(id);
        return at < 0 ? null : facts.get(at);
    }

    /** Adds the fact, or replaces the one with the same id; returns the replaced one or null. */
    T put(T fact) {
        String id = idOf.apply(fact);
        int at = find(id);
        if (at >= 0) {
            return facts.set(at, fact);
        }
        if (id != null && (facts.size() + 1) * 4L > table.length * 3L) {
            rehash(table.length * 2);
        }
        at = facts.size();
        facts.add(fact);
        if (id == null) {
            nullAt = at;
        } else {
            insert(id, at);
        }
        return null;
    }

    /** The facts as of now, in arrival order; unaffected by later puts. The same list while nothing changed. */
    List<T> snapshot() {
        return facts.snapshot();
    }

    private int find(String id) {
        if (id == null) {
            return nullAt;
        }
        int[] t = table;
        int mask = t.length - 1;
        for (int i = spread(id.hashCode()) & mask; t[i] != 0; i = (i + 1) & mask) {
            if (id.equals(idOf.apply(facts.get(t[i] - 1)))) {
                return t[i] - 1;
            }
        }
        return -1;
    }

    private void insert(String id, int at) {
        int[] t = table;
        int mask = t.length - 1;
        int i = spread(id.hashCode()) & mask;
        while (t[i] != 0) {
            i = (i + 1) & mask;
        }
        t[i] = at + 1;
    }

    private void rehash(int capacity) {
        table = new int[capacity];
        for (int at = 0; at < facts.size(); at++) {
            String id = idOf.apply(facts.get(at));
            if (id != null) {
                insert(id, at);
            }
        }
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
