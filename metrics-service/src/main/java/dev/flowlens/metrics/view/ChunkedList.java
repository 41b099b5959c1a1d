package dev.flowlens.metrics.view;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * A list with immutable snapshots that cost O(size / 1024) instead of a copy of every element: the cache's one writer
 * changes it, each poll publishes {@link #snapshot()}, and readers on other threads keep using older snapshots while
 * the writer goes on. Under a steady flow of events every poll changed the DORA facts and the timelines of the value
 * streams, and copying all of them at every publish was a fifth of metrics-service's CPU at 500 webhooks/s, growing
 * with the data (JFR, docs/decisions.md "Snapshots without copies").
 *
 * <p>The elements sit in chunks of 1,024 slots; a snapshot is a copy of the chunk references and the size. An element
 * added past the last snapshot's size is written in place (no snapshot reads that slot); writing a slot a snapshot can
 * see first copies its chunk (copy on write, at most once per chunk between snapshots). Not thread-safe: one writer;
 * snapshots may be read by any number of threads once safely published.
 *
 * @param <T> an element
 */
final class ChunkedList<T> {
    private static final int SHIFT = 10;
    private static final int CHUNK = 1 << SHIFT;
    private static final int MASK = CHUNK - 1;

    private Object[][] chunks = new Object[4][];
    /** Whether a chunk was made since the last snapshot (then no snapshot holds it and it may be written). */
    private boolean[] owned = new boolean[4];
    private int size;
    /** Slots below this index are visible to the last snapshot. */
    private int frozen;
    private List<T> last = List.of();
    private boolean changed;

    int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    T get(int index) {
        check(index);
        return (T) chunks[index >>> SHIFT][index & MASK];
    }

    void add(T element) {
        int slot = size;
        if ((slot >>> SHIFT) >= chunks.length) {
            chunks = Arrays.copyOf(chunks, chunks.length * 2);
            owned = Arrays.copyOf(owned, chunks.length);
        }
        if (chunks[slot >>> SHIFT] == null) {
            chunks[slot >>> SHIFT] = new Object[CHUNK];
            owned[slot >>> SHIFT] = true;
        }
        write(slot, element);
        size++;
    }

    /** Replaces the element at {@code index}; returns the replaced one. */
    T set(int index, T element) {
        T old = get(index);
        write(index, element);
        return old;
    }

    /** Removes and returns the last element. */
    T removeLast() {
        T old = get(size - 1);
        write(size - 1, null);
        size--;
        return old;
    }

    /** The elements as of now; unaffected by later changes. The same list while nothing changed. */
    List<T> snapshot() {
        if (changed) {
            last = new Snapshot<>(Arrays.copyOf(chunks, (size + MASK) >>> SHIFT), size);
            frozen = size;
            Arrays.fill(owned, false);
            changed = false;
        }
        return last;
    }

    private void write(int slot, T element) {
        int c = slot >>> SHIFT;
        if (slot < frozen && !owned[c]) {
            chunks[c] = chunks[c].clone();
            owned[c] = true;
        }
        chunks[c][slot & MASK] = element;
        changed = true;
    }

    private void check(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + ", size " + size);
        }
    }

    /** An immutable view of the first {@code size} slots of the chunks as they were. */
    private static final class Snapshot<T> extends AbstractList<T> implements RandomAccess {
        private final Object[][] chunks;
        private final int size;

        Snapshot(Object[][] chunks, int size) {
            this.chunks = chunks;
            this.size = size;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T get(int index) {
            if (index < 0 || index >= size) {
                throw new IndexOutOfBoundsException("index " + index + ", size " + size);
            }
            return (T) chunks[index >>> SHIFT][index & MASK];
        }

        @Override
        public int size() {
            return size;
        }
    }
}
