package dev.flowlens.metrics.calc;

import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** Name matching of METRICS.md: case-insensitive after trimming. */
public final class Names {
    private Names() {
    }

    /** The matching key of a name, or null for null. */
    public static String key(String name) {
        return name == null ? null : name.trim().toLowerCase(Locale.ROOT);
    }

    /** Keys of a list of names (null entries ignored); an empty set means "all" where a filter uses it. */
    public static Set<String> keys(Collection<String> names) {
        Set<String> keys = new HashSet<>();
        if (names != null) {
            for (String n : names) {
                if (n != null) {
                    keys.add(key(n));
                }
            }
        }
        return keys;
    }
}
