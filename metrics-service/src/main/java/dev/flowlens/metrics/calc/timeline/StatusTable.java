package dev.flowlens.metrics.calc.timeline;

import dev.flowlens.metrics.calc.ItemClass;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Status spellings numbered for compact histories: a {@link StatusHistory} keeps one or two bytes per segment (the
 * spelling's ordinal here) instead of a reference, and a stream maps ordinals to its stage codes with one small array
 * ({@link #codes}). Ordinal 0 is "no status" (null). One table is shared by every item of a {@code ViewState}; an item
 * built on its own gets a table of its own.
 *
 * <p>One writer registers spellings; any thread may read {@link #name} of an ordinal it got from a history that was
 * safely published after the registration (the names array is replaced, never modified, on growth). The table also
 * shares equal {@link ItemClass}es between items (a small direct-mapped cache, so it never grows with the items).
 * Equal ordinal sequences are not shared: a history keeps its ordinals inline in its one array, a byte per segment,
 * which measured smaller than a shared array even where every item follows one path (docs/decisions.md, "Memory of
 * the fact cache").
 */
public final class StatusTable {
    /** Ordinals are chars; 0 is null. */
    static final int CAPACITY = Character.MAX_VALUE;
    private static final int SHARED_SLOTS = 4096;

    private final Map<String, Character> ordinals = new HashMap<>();
    private volatile String[] names = {null};
    private final ItemClass[] sharedClasses;
    /** Beginnings of ids and urls shared by the items ({@link ItemText}); none for an item built on its own. */
    private final TextPrefixes prefixes;

    /** A table that shares item classes and text beginnings between items (for a cache of many items). */
    public StatusTable() {
        this(true);
    }

    private StatusTable(boolean share) {
        this.sharedClasses = share ? new ItemClass[SHARED_SLOTS] : null;
        this.prefixes = new TextPrefixes(share ? TextPrefixes.CAPACITY : 0);
    }

    /** A table for one item built on its own. */
    static StatusTable single() {
        return new StatusTable(false);
    }

    TextPrefixes prefixes() {
        return prefixes;
    }

    /** Number of ordinals handed out so far, 0 (null) included. */
    int size() {
        return names.length;
    }

    /** The spelling of an ordinal (null for 0). */
    String name(int ordinal) {
        return names[ordinal];
    }

    /** True if every spelling given can be numbered (the table has room for all of them that are new). */
    boolean fits(String[] statuses, int n) {
        int fresh = 0;
        for (int i = 0; i < n; i++) {
            if (statuses[i] != null && !ordinals.containsKey(statuses[i])) {
                fresh++;
            }
        }
        return names.length + fresh <= CAPACITY;
    }

    /** The ordinal of a spelling, numbering it if new (check {@link #fits} first). Writer only. */
    char ordinal(String status) {
        if (status == null) {
            return 0;
        }
        Character known = ordinals.get(status);
        if (known != null) {
            return known;
        }
        String[] old = names;
        if (old.length >= CAPACITY) {
            throw new IllegalStateException("more than " + (CAPACITY - 1) + " distinct status spellings");
        }
        char ord = (char) old.length;
        String[] grown = Arrays.copyOf(old, old.length + 1);
        grown[ord] = status;
        ordinals.put(status, ord);
        names = grown;
        return ord;
    }

    /** The item class itself, or an equal one held by an earlier item. Writer only. */
    ItemClass share(ItemClass c) {
        if (sharedClasses == null) {
            return c;
        }
        int slot = (c.hashCode() * 0x9E3779B9 >>> 20) & (SHARED_SLOTS - 1);
        ItemClass known = sharedClasses[slot];
        if (known != null && known.equals(c)) {
            return known;
        }
        sharedClasses[slot] = c;
        return c;
    }

    /**
     * A stream's codes by ordinal, for every ordinal of this table: the stage index (&gt;= 0),
     * {@link Timeline#NEW_CODE} or {@link Timeline#DONE_CODE}. {@code known} is an earlier answer for the same index
     * (or null): its entries are kept and only new ordinals are looked up. The array returned is never modified.
     */
    short[] codes(StatusIndex index, short[] known) {
        String[] all = names;
        if (known != null && known.length == all.length) {
            return known;
        }
        int from = known == null ? 0 : known.length;
        short[] out = known == null ? new short[all.length] : Arrays.copyOf(known, all.length);
        for (int o = from; o < all.length; o++) {
            out[o] = (short) index.code(all[o]);
        }
        return out;
    }
}
