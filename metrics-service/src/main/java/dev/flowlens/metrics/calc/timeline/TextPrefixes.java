package dev.flowlens.metrics.calc.timeline;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Beginnings of ids and urls that many items share ({@code jira:}, {@code https://acme.atlassian.net/browse/}),
 * numbered so that {@link ItemText} keeps a small number instead of the characters in every item. At most
 * {@link #CAPACITY} of them: an installation whose urls have no shared beginning (the part before the last {@code /}
 * differs per item) fills the table once, and later items keep their text whole, as before.
 *
 * <p>One writer registers beginnings; any thread may read one by a number it got from an item that was safely
 * published after the registration (the array is replaced, never modified, on growth), as {@link StatusTable} does.
 */
final class TextPrefixes {
    static final int CAPACITY = 4096;

    private final int capacity;
    private final Map<String, Integer> numbers = new HashMap<>();
    private volatile String[] prefixes = {};

    /** @param capacity beginnings it numbers at most (0 for an item built on its own: its text is kept whole) */
    TextPrefixes(int capacity) {
        this.capacity = capacity;
    }

    /** The number of a beginning, numbering it if new; -1 if it is new and the table is full. Writer only. */
    int number(String prefix) {
        Integer known = numbers.get(prefix);
        if (known != null) {
            return known;
        }
        String[] old = prefixes;
        if (old.length >= capacity) {
            return -1;
        }
        String[] grown = Arrays.copyOf(old, old.length + 1);
        grown[old.length] = prefix;
        numbers.put(prefix, old.length);
        prefixes = grown;
        return old.length;
    }

    /** The beginning with that number. */
    String prefix(int number) {
        return prefixes[number];
    }
}
